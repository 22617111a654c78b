package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.avro.AlertAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parked alerts listed and replayed to a local receiver, in order, once each. */
class ParkedAlertsTest {
  private static final Secret SECRET = Secret.of("hook-secret");

  @TempDir Path dir;
  private final LocalReceiver receiver = new LocalReceiver();

  @AfterEach
  void close() {
    receiver.close();
  }

  private Destination webhook() {
    return new Destination(
        "soc", DestinationType.WEBHOOK, receiver.url("/hook"), Route.ALL, 600, Optional.of(SECRET));
  }

  /** Two alerts parked as the dispatcher parks them: refused with 400 by the destination. */
  private void parkTwo() throws Exception {
    receiver.answer(400, Map.of(), 2);
    DispatcherSettings settings =
        new DispatcherSettings(
            "g",
            Duration.ofMinutes(1),
            Duration.ofMillis(20),
            Duration.ofMillis(200),
            Duration.ofMinutes(5),
            100,
            Optional.empty(),
            dir);
    try (DestinationWorker w =
        new DestinationWorker(
            webhook(),
            settings,
            new HttpSender(),
            new DestinationWorker.Listener() {
              @Override
              public void failing(Destination x, Instant since, String reason) {}

              @Override
              public void recovered(Destination x) {}

              @Override
              public void attempted(Destination x, Outcome outcome) {}
            },
            Clock.systemUTC())) {
      w.start();
      java.util.concurrent.atomic.AtomicInteger done =
          new java.util.concurrent.atomic.AtomicInteger();
      w.offer(TestAlerts.blocked("payments", "site-b", AlertAction.TRIGGER), done::incrementAndGet);
      w.offer(TestAlerts.blocked("payments", "site-b", AlertAction.RESOLVE), done::incrementAndGet);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 2);
    }
  }

  @Test
  void shouldReplayTheParkedAlertsInOrderSignedAfreshAndEmptyThePark() throws Exception {
    // Given a trigger and its resolve parked for the webhook
    parkTwo();
    List<ParkedAlerts.Parked> parked = ParkedAlerts.read(ParkedAlerts.file(dir, "soc"));
    assertThat(parked)
        .extracting(p -> p.alert().getAction())
        .containsExactly(AlertAction.TRIGGER, AlertAction.RESOLVE);
    assertThat(parked).allSatisfy(p -> assertThat(p.status()).isEqualTo(400));
    assertThat(ParkedAlerts.destinations(dir)).containsExactly("soc");

    // When they are replayed to a receiver that now accepts them
    ParkedAlerts.Replay replay =
        ParkedAlerts.replay(dir, webhook(), Optional.empty(), Duration.ofMinutes(1));

    // Then both arrive in parked order with their alert ids, each with a valid signature
    assertThat(replay.delivered()).isEqualTo(2);
    assertThat(replay.remaining()).isZero();
    assertThat(replay.stoppedBy()).isEmpty();
    List<LocalReceiver.Received> got = receiver.received().subList(2, 4);
    assertThat(got)
        .extracting(r -> r.json().path("action").asText())
        .containsExactly("TRIGGER", "RESOLVE");
    assertThat(got.get(0).json().path("alert_id").asText())
        .isEqualTo(parked.get(0).alert().getAlertId());
    for (LocalReceiver.Received r : got) {
      assertThat(
              WebhookSignature.verify(
                  SECRET,
                  r.header(WebhookSignature.TIMESTAMP_HEADER),
                  r.header(WebhookSignature.SIGNATURE_HEADER),
                  r.body(),
                  Instant.now(),
                  Duration.ofMinutes(5)))
          .isEqualTo(WebhookSignature.Verdict.VALID);
    }
    // And the park is empty
    assertThat(ParkedAlerts.file(dir, "soc")).doesNotExist();
  }

  @Test
  void shouldStopAtTheFirstAlertRefusedAgainAndKeepItAndTheRestParked() throws Exception {
    // Given two parked alerts and a receiver that still refuses
    parkTwo();
    String before = Files.readString(ParkedAlerts.file(dir, "soc"));
    receiver.answer(400, Map.of(), 1);

    // When they are replayed, Then the first is refused, the second not even tried
    ParkedAlerts.Replay replay =
        ParkedAlerts.replay(dir, webhook(), Optional.empty(), Duration.ofMinutes(1));
    assertThat(replay.delivered()).isZero();
    assertThat(replay.remaining()).isEqualTo(2);
    assertThat(replay.stoppedBy()).contains("HTTP 400 (refused again)");
    assertThat(receiver.received()).hasSize(3);
    assertThat(Files.readString(ParkedAlerts.file(dir, "soc"))).isEqualTo(before);
  }

  @Test
  void shouldNameTheLineOfACorruptParkFileWithoutEchoingIt() throws Exception {
    Path file =
        Files.writeString(dir.resolve("soc.jsonl"), "{\"parked_at\":\"x\",\"secret\":\"s3\"}\n");
    assertThatThrownBy(() -> ParkedAlerts.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("s3");
  }
}
