package dev.vigil.app.selfmon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a self-condition becomes a TRIGGER and a RESOLVE. */
class SelfAlertsTest {
  private static final Instant T = Instant.parse("2026-12-05T03:00:00Z");
  private static final Set<SelfCheck> ALL = EnumSet.allOf(SelfCheck.class);

  private static SelfReading lag(String group, long lag) {
    return new SelfReading(
        SelfCheck.CONSUMER_LAG,
        group,
        lag > 100,
        "group " + group + " lags " + lag,
        Map.of("lag", Long.toString(lag)));
  }

  @Test
  void shouldTriggerOnlyOnceTheConditionHeldForTheSustainAndResolveAtTheFirstGoodReading() {
    SelfAlerts rules = new SelfAlerts(Duration.ofMinutes(1), Map.of());

    // Given a lag over the threshold, When it has held for less than the sustain, Then no alert
    assertThat(rules.evaluate(List.of(lag("g", 500)), ALL, T)).isEmpty();
    assertThat(rules.evaluate(List.of(lag("g", 600)), ALL, T.plusSeconds(30))).isEmpty();

    // When it has held for the sustain, Then one SEV2 TRIGGER with the numbers, and no repeat
    List<Alert> due = rules.evaluate(List.of(lag("g", 700)), ALL, T.plusSeconds(60));
    assertThat(due)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getDedupKey()).isEqualTo("vigil/self/lag/g");
              assertThat(a.getAction()).isEqualTo(AlertAction.TRIGGER);
              assertThat(a.getSeverity()).isEqualTo(AlertSeverity.SEV2);
              assertThat(a.getService()).isEqualTo("vigil");
              assertThat(a.getDetails()).containsEntry("lag", "700").containsEntry("subject", "g");
            });
    assertThat(rules.evaluate(List.of(lag("g", 800)), ALL, T.plusSeconds(75))).isEmpty();

    // When the lag is back under the threshold, Then a RESOLVE at once
    assertThat(rules.evaluate(List.of(lag("g", 3)), ALL, T.plusSeconds(90)))
        .singleElement()
        .satisfies(a -> assertThat(a.getAction()).isEqualTo(AlertAction.RESOLVE));
    assertThat(rules.open()).isEmpty();
  }

  @Test
  void shouldKeepAnAlertOpenWhileItsCheckCannotBeMeasuredAndResolveItWhenItsSubjectIsGone() {
    // Given a lag alert left open by an earlier process
    SelfAlerts rules =
        new SelfAlerts(Duration.ZERO, Map.of("vigil/self/lag/old-group", AlertSeverity.SEV2));

    // When lag cannot be measured (no broker), Then it stays open
    SelfReading broker =
        new SelfReading(SelfCheck.BROKER_UNREACHABLE, "", true, "no broker", Map.of());
    List<Alert> due = rules.evaluate(List.of(broker), EnumSet.of(SelfCheck.BROKER_UNREACHABLE), T);
    assertThat(due).extracting(Alert::getDedupKey).containsExactly("vigil/self/broker");
    assertThat(due.get(0).getSeverity()).isEqualTo(AlertSeverity.SEV1);
    assertThat(rules.open()).containsKeys("vigil/self/lag/old-group", "vigil/self/broker");

    // When lag is measured again and that group is no longer there, Then it is resolved
    SelfReading brokerBack =
        new SelfReading(SelfCheck.BROKER_UNREACHABLE, "", false, "broker answers", Map.of());
    assertThat(rules.evaluate(List.of(brokerBack, lag("g", 1)), ALL, T.plusSeconds(15)))
        .extracting(Alert::getDedupKey, Alert::getAction)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("vigil/self/broker", AlertAction.RESOLVE),
            org.assertj.core.groups.Tuple.tuple("vigil/self/lag/old-group", AlertAction.RESOLVE));
    assertThat(rules.open()).isEmpty();
  }

  @Test
  void shouldRetryATriggerWhoseSendFailed() {
    SelfAlerts rules = new SelfAlerts(Duration.ZERO, Map.of());
    Alert trigger = rules.evaluate(List.of(lag("g", 500)), ALL, T).get(0);

    // When its send failed, Then the next round sends it again
    rules.failed(trigger);
    assertThat(rules.evaluate(List.of(lag("g", 500)), ALL, T.plusSeconds(15)))
        .singleElement()
        .satisfies(a -> assertThat(a.getAction()).isEqualTo(AlertAction.TRIGGER));
  }

  @Test
  void shouldMakeOnlyBrokerAndRegistryBlockReadiness() {
    assertThat(EnumSet.allOf(SelfCheck.class).stream().filter(SelfCheck::blocksReadiness))
        .containsExactlyInAnyOrder(SelfCheck.BROKER_UNREACHABLE, SelfCheck.REGISTRY_UNREACHABLE);
  }
}
