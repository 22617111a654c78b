package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerts.WebhookSignature.Verdict;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One destination's delivery against a local receiver: retries, signatures, parking, resends. */
class DestinationWorkerTest {
  private static final Secret SECRET = Secret.of("webhook-secret");

  @TempDir Path dir;

  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private DispatcherSettings settings(Duration resend, Duration failingAfter) {
    return new DispatcherSettings(
        "g",
        resend,
        Duration.ofMillis(20),
        Duration.ofMillis(200),
        failingAfter,
        100,
        Optional.empty(),
        dir.resolve("parked"));
  }

  private DestinationWorker worker(Destination d, DispatcherSettings settings) {
    DestinationWorker w =
        new DestinationWorker(
            d,
            settings,
            new HttpSender(),
            new DestinationWorker.Listener() {
              @Override
              public void failing(Destination x, Instant since, String reason) {
                events.add("failing " + x.name() + " " + reason);
              }

              @Override
              public void recovered(Destination x) {
                events.add("recovered " + x.name());
              }

              @Override
              public void attempted(Destination x, Outcome outcome) {}
            },
            Clock.systemUTC());
    open.add(w);
    w.start();
    return w;
  }

  private LocalReceiver receiver() {
    LocalReceiver r = new LocalReceiver();
    open.add(r);
    return r;
  }

  private static Destination webhook(String name, LocalReceiver r) {
    return new Destination(
        name, DestinationType.WEBHOOK, r.url("/hook"), Route.ALL, 600, Optional.of(SECRET));
  }

  @Test
  void shouldRetryAServerErrorAfterItsRetryAfterAndSignEachAttempt() {
    // Given a webhook receiver that is unavailable twice, asking for a 1 s pause
    LocalReceiver r = receiver().answer(503, Map.of("Retry-After", "1"), 2);
    DestinationWorker w =
        worker(webhook("hook", r), settings(Duration.ofMinutes(1), Duration.ofMinutes(1)));
    AtomicInteger done = new AtomicInteger();
    long t0 = System.nanoTime();

    // When an alert is queued
    w.offer(TestAlerts.blocked("payments", "site-b", AlertAction.TRIGGER), done::incrementAndGet);

    // Then it arrives on the third attempt, after two Retry-After pauses, every attempt signed
    await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 1);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    assertThat(r.received()).hasSize(3);
    for (LocalReceiver.Received req : r.received()) {
      assertThat(
              WebhookSignature.verify(
                  SECRET,
                  req.header(WebhookSignature.TIMESTAMP_HEADER),
                  req.header(WebhookSignature.SIGNATURE_HEADER),
                  req.body(),
                  Instant.now(),
                  Duration.ofMinutes(5)))
          .isEqualTo(Verdict.VALID);
      assertThat(req.json().path("alert_id").asText()).isEqualTo("alr-trigger-payments");
    }
  }

  @Test
  void shouldLetAReceiverDetectAReplayedWebhook() {
    // Given a receiver that verifies signatures and remembers the alert ids it accepted
    LocalReceiver r = receiver();
    DestinationWorker w =
        worker(webhook("hook", r), settings(Duration.ofMinutes(1), Duration.ofMinutes(1)));
    w.offer(TestAlerts.blocked("payments", "site-b", AlertAction.TRIGGER), () -> {});
    await().atMost(Duration.ofSeconds(10)).until(() -> r.received().size() == 1);
    LocalReceiver.Received original = r.received().get(0);
    Set<String> seen = new HashSet<>();
    Instant now = Instant.now();

    // When the captured request is accepted once, then replayed at once and again 10 minutes later
    String first = accept(original, now, seen);
    String replayedNow = accept(original, now.plusSeconds(5), seen);
    String replayedLater = accept(original, now.plus(Duration.ofMinutes(10)), seen);

    // Then only the first is accepted: the replay inside the window repeats a seen alert id, the
    // later one carries a stale timestamp
    assertThat(first).isEqualTo("accepted");
    assertThat(replayedNow).isEqualTo("replay");
    assertThat(replayedLater).isEqualTo("STALE_TIMESTAMP");
  }

  /** What a receiver following alerts/README.md does with a request. */
  private static String accept(LocalReceiver.Received req, Instant now, Set<String> seen) {
    Verdict v =
        WebhookSignature.verify(
            SECRET,
            req.header(WebhookSignature.TIMESTAMP_HEADER),
            req.header(WebhookSignature.SIGNATURE_HEADER),
            req.body(),
            now,
            Duration.ofMinutes(5));
    if (v != Verdict.VALID) {
      return v.name();
    }
    JsonNode body = req.json();
    return seen.add(body.path("alert_id").asText()) ? "accepted" : "replay";
  }

  @Test
  void shouldNotLetAFailingDestinationDelayAnother() {
    // Given one destination that keeps answering 503 and one that works
    LocalReceiver broken = receiver().answer(503, Map.of(), 1000);
    LocalReceiver fine = receiver();
    DispatcherSettings s = settings(Duration.ofMinutes(1), Duration.ofMillis(300));
    DestinationWorker b = worker(webhook("broken", broken), s);
    DestinationWorker f = worker(webhook("fine", fine), s);
    AtomicInteger done = new AtomicInteger();

    // When three alerts are queued for both
    for (int i = 0; i < 3; i++) {
      Alert a = TestAlerts.blocked("svc" + i, "site-b", AlertAction.TRIGGER);
      b.offer(a, done::incrementAndGet);
      f.offer(a, done::incrementAndGet);
    }

    // Then the working one has all three while the broken one holds them and raises its alarm
    await().atMost(Duration.ofSeconds(10)).until(() -> fine.received().size() == 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("failing broken HTTP 503"));
    assertThat(done.get()).isEqualTo(3);
    assertThat(b.queued()).isEqualTo(2); // the first is in its retry loop
    assertThat(b.failingSince()).isPresent();
  }

  @Test
  void shouldResolveItsSelfAlertOnceTheDestinationDeliversAgain() {
    LocalReceiver flaky = receiver().answer(500, Map.of(), 8);
    DestinationWorker w =
        worker(webhook("flaky", flaky), settings(Duration.ofMinutes(1), Duration.ofMillis(100)));
    AtomicInteger done = new AtomicInteger();

    w.offer(TestAlerts.blocked("payments", "site-b", AlertAction.TRIGGER), done::incrementAndGet);

    await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 1);
    assertThat(events).containsExactly("failing flaky HTTP 500", "recovered flaky");
    assertThat(w.failingSince()).isEmpty();
  }

  @Test
  void shouldParkAnAlertTheDestinationRejectsAndAlertAtOnce() throws Exception {
    // Given a PagerDuty endpoint that refuses the routing key
    LocalReceiver r = receiver().answer(400, Map.of(), 1);
    Destination pd =
        new Destination(
            "pagerduty",
            DestinationType.PAGERDUTY,
            r.url("/v2/enqueue"),
            Route.ALL,
            60,
            Optional.of(Secret.of("BADKEY")));
    DestinationWorker w = worker(pd, settings(Duration.ofMinutes(1), Duration.ofMinutes(5)));
    AtomicInteger done = new AtomicInteger();

    w.offer(TestAlerts.blocked("payments", "site-b", AlertAction.TRIGGER), done::incrementAndGet);

    // Then it is not retried, it is parked without the routing key, and the self-alert fires
    await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 1);
    Path parked = dir.resolve("parked").resolve("pagerduty.jsonl");
    String line = Files.readString(parked);
    assertThat(line).contains("\"status\":400", "alr-trigger-payments").doesNotContain("BADKEY");
    assertThat(r.received()).hasSize(1);
    assertThat(events).containsExactly("failing pagerduty HTTP 400 (rejected; alert parked)");
  }

  @Test
  void shouldResendFiringAlertsToAlertmanagerUntilResolved() {
    // Given an Alertmanager destination re-sending every second
    LocalReceiver am = receiver();
    Destination d =
        new Destination(
            "am", DestinationType.ALERTMANAGER, am.url("/"), Route.ALL, 600, Optional.empty());
    DestinationWorker w = worker(d, settings(Duration.ofSeconds(1), Duration.ofMinutes(1)));

    // When an alert fires
    w.offer(TestAlerts.blocked("payments", "site-b", AlertAction.TRIGGER), () -> {});

    // Then it is posted again and again with an end 4 intervals ahead
    await().atMost(Duration.ofSeconds(10)).until(() -> am.received().size() >= 3);
    LocalReceiver.Received last = am.received().get(am.received().size() - 1);
    assertThat(last.path()).isEqualTo("/api/v2/alerts");
    JsonNode alert = last.json().get(0);
    assertThat(alert.path("labels").path("dedup_key").asText()).isEqualTo("vigil/payments/blocked");
    assertThat(Instant.parse(alert.path("endsAt").asText())).isAfter(Instant.now().plusSeconds(2));

    // And once resolved it is ended at its resolution and not re-sent
    w.offer(TestAlerts.blocked("payments", "site-b", AlertAction.RESOLVE), () -> {});
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                am.received().stream()
                    .anyMatch(
                        q ->
                            q.json()
                                .get(0)
                                .path("endsAt")
                                .asText()
                                .equals("2026-12-04T03:05:00Z")));
    int after = am.received().size();
    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(4))
        .until(() -> am.received().size() == after);
  }
}
