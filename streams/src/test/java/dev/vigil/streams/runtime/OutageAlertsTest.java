package dev.vigil.streams.runtime;

import static org.apache.kafka.streams.KafkaStreams.State.ERROR;
import static org.apache.kafka.streams.KafkaStreams.State.NOT_RUNNING;
import static org.apache.kafka.streams.KafkaStreams.State.REBALANCING;
import static org.apache.kafka.streams.KafkaStreams.State.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class OutageAlertsTest {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private final OutageAlerts rules = new OutageAlerts(Duration.ofSeconds(30), Map.of());

  private static StreamsStatus status(KafkaStreams.State state, Instant since) {
    return new StreamsStatus("vigil-failover", state, since, 0);
  }

  @Test
  void shouldTriggerOnlyAfterTheGraceWhenAnAppStopsRunning() {
    // Given an app that left RUNNING at T0 (not for ERROR)
    StreamsStatus stopped = status(NOT_RUNNING, T0);

    // When the grace has not passed, Then nothing is due
    assertThat(rules.evaluate(List.of(stopped), T0.plusSeconds(29))).isEmpty();

    // When it has, Then one SEV2 TRIGGER with the app's dedup key, once
    List<Alert> due = rules.evaluate(List.of(stopped), T0.plusSeconds(30));
    assertThat(due).hasSize(1);
    Alert alert = due.get(0);
    assertThat(alert.getDedupKey()).isEqualTo("vigil/self/streams/vigil-failover");
    assertThat(alert.getAction()).isEqualTo(AlertAction.TRIGGER);
    assertThat(alert.getSeverity()).isEqualTo(AlertSeverity.SEV2);
    assertThat(alert.getService()).isEqualTo("vigil");
    assertThat(alert.getDetails())
        .containsEntry("application_id", "vigil-failover")
        .containsEntry("state", "NOT_RUNNING")
        .containsEntry("thread_replacements", "0");
    assertThat(rules.evaluate(List.of(stopped), T0.plusSeconds(60))).isEmpty();
  }

  @Test
  void shouldTriggerSev1AtOnceForErrorAndEscalateAnOpenAlert() {
    // Given an open SEV2 alert for an app that is not running
    rules.evaluate(List.of(status(NOT_RUNNING, T0)), T0.plusSeconds(31));

    // When the app reaches ERROR (the client never leaves it), Then a SEV1 TRIGGER at once
    List<Alert> due =
        rules.evaluate(List.of(status(ERROR, T0.plusSeconds(40))), T0.plusSeconds(40));
    assertThat(due)
        .extracting(Alert::getAction, Alert::getSeverity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertAction.TRIGGER, AlertSeverity.SEV1));
  }

  @Test
  void shouldResolveOnceTheAppIsRunningAgainButNotForABriefRebalance() {
    // Given a brief rebalance, Then no alert even after the grace
    assertThat(rules.evaluate(List.of(status(REBALANCING, T0)), T0.plusSeconds(300))).isEmpty();

    // Given an open alert
    rules.evaluate(List.of(status(ERROR, T0)), T0);

    // When the app is RUNNING again, Then one RESOLVE with the same key and severity
    List<Alert> due =
        rules.evaluate(List.of(status(RUNNING, T0.plusSeconds(5))), T0.plusSeconds(5));
    assertThat(due).hasSize(1);
    assertThat(due.get(0).getAction()).isEqualTo(AlertAction.RESOLVE);
    assertThat(due.get(0).getDedupKey()).isEqualTo("vigil/self/streams/vigil-failover");
    assertThat(due.get(0).getSeverity()).isEqualTo(AlertSeverity.SEV1);
    assertThat(rules.open()).isEmpty();
  }

  @Test
  void shouldResolveAnAlertLeftOpenByAnEarlierProcess() {
    // Given an alert an earlier process left open
    OutageAlerts restarted =
        new OutageAlerts(
            Duration.ofSeconds(30),
            Map.of("vigil/self/streams/vigil-failover", AlertSeverity.SEV1));

    // When the app runs, Then it is resolved
    assertThat(restarted.evaluate(List.of(status(RUNNING, T0)), T0))
        .extracting(Alert::getAction)
        .containsExactly(AlertAction.RESOLVE);
  }

  @Test
  void shouldRetryATriggerWhoseSendFailed() {
    // Given a TRIGGER whose send failed
    Alert sent = rules.evaluate(List.of(status(ERROR, T0)), T0).get(0);
    rules.failed(sent);

    // When the next check runs, Then it is due again
    assertThat(rules.evaluate(List.of(status(ERROR, T0)), T0.plusSeconds(1)))
        .extracting(Alert::getAction)
        .containsExactly(AlertAction.TRIGGER);
  }

  @Test
  void shouldAlertAReplacedThreadAtOnceAndResolveItAfterTheGraceWhileRunning() {
    // Given a running app whose stream thread died and was replaced
    StreamsStatus replaced = new StreamsStatus("vigil-failover", RUNNING, T0, 1);
    // When evaluated, Then a SEV3 TRIGGER names the replacement at once
    List<Alert> due = rules.evaluate(List.of(replaced), T0);
    assertThat(due).hasSize(1);
    assertThat(due.get(0).getDedupKey())
        .isEqualTo("vigil/self/streams/vigil-failover/thread-replaced");
    assertThat(due.get(0).getAction()).isEqualTo(AlertAction.TRIGGER);
    assertThat(due.get(0).getSeverity()).isEqualTo(AlertSeverity.SEV3);
    assertThat(due.get(0).getDetails()).containsEntry("thread_replacements", "1");
    // And nothing more until the grace has passed; then it resolves
    assertThat(rules.evaluate(List.of(replaced), T0.plusSeconds(29))).isEmpty();
    List<Alert> resolved = rules.evaluate(List.of(replaced), T0.plusSeconds(30));
    assertThat(resolved).extracting(Alert::getAction).containsExactly(AlertAction.RESOLVE);
    // When another thread dies, Then it triggers again
    StreamsStatus again = new StreamsStatus("vigil-failover", RUNNING, T0, 2);
    assertThat(rules.evaluate(List.of(again), T0.plusSeconds(40)))
        .extracting(Alert::getAction)
        .containsExactly(AlertAction.TRIGGER);
  }
}
