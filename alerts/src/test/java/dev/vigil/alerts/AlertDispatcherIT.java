package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerts.WebhookSignature.Verdict;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher on a real broker and registry: alerts on {@code vigil.alerts.v1} reach a PagerDuty
 * receiver and a webhook receiver (both local) in the documented formats, routing by severity
 * holds, and an alert a destination could not take survives a restart of the dispatcher.
 */
@ExtendWith(VigilPlatformExtension.class)
class AlertDispatcherIT {
  private static final Secret ROUTING_KEY = Secret.of("R0UTINGKEY-it-000000000000000000");
  private static final Secret SIGNING = Secret.of("it-signing-secret");

  @TempDir Path dir;

  @Test
  void shouldDeliverTriggerAndResolveToPagerDutyAndASignedWebhook(VigilPlatform platform)
      throws Exception {
    String svc = platform.uniqueName("payments");
    try (AlertsBus bus = new AlertsBus(platform);
        LocalReceiver pd = new LocalReceiver();
        LocalReceiver hook = new LocalReceiver();
        LocalReceiver sev3only = new LocalReceiver()) {
      // Given a dispatcher with PagerDuty, a webhook, and a destination for SEV3 and lower only
      List<Destination> destinations =
          List.of(
              new Destination(
                  "pagerduty",
                  DestinationType.PAGERDUTY,
                  pd.url("/v2/enqueue"),
                  new Route(dev.vigil.schemas.avro.AlertSeverity.SEV2, Set.of(svc), Set.of()),
                  120,
                  Optional.of(ROUTING_KEY)),
              new Destination(
                  "hook",
                  DestinationType.WEBHOOK,
                  hook.url("/hook"),
                  Route.ALL,
                  120,
                  Optional.of(SIGNING)),
              new Destination(
                  "tickets",
                  DestinationType.WEBHOOK,
                  sev3only.url("/t"),
                  new Route(
                      dev.vigil.schemas.avro.AlertSeverity.SEV3, Set.of(svc), Set.of("site-x")),
                  120,
                  Optional.of(SIGNING)));
      try (AlertDispatcher d =
          bus.start(
              bus.settings(platform.uniqueName("g"), Duration.ofMinutes(1), dir), destinations)) {
        // When the correlator raises a SEV1 blocked failover and then resolves it
        bus.publish(TestAlerts.blocked(svc, "site-b", AlertAction.TRIGGER));
        bus.publish(TestAlerts.blocked(svc, "site-b", AlertAction.RESOLVE));

        // Then PagerDuty gets a trigger then a resolve with Vigil's dedup key
        await().atMost(Duration.ofSeconds(30)).until(() -> pd.received().size() == 2);
        JsonNode trigger = pd.received().get(0).json();
        JsonNode resolve = pd.received().get(1).json();
        assertThat(pd.received().get(0).path()).isEqualTo("/v2/enqueue");
        assertThat(trigger.path("routing_key").asText()).isEqualTo(ROUTING_KEY.reveal());
        assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.path("dedup_key").asText()).isEqualTo("vigil/" + svc + "/blocked");
        assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(trigger.path("payload").path("source").asText()).isEqualTo("vigil/site-b");
        assertThat(trigger.path("payload").path("component").asText()).isEqualTo(svc);
        assertThat(trigger.path("payload").path("timestamp").asText())
            .isEqualTo("2026-12-04T03:00:00Z");
        assertThat(trigger.path("payload").path("custom_details").path("evidence"))
            .extracting(JsonNode::asText)
            .containsExactly("evt-1", "evt-2");
        assertThat(trigger.path("links").get(0).path("href").asText())
            .isEqualTo("http://127.0.0.1:9/status/#/services/" + svc);
        assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.path("dedup_key").asText()).isEqualTo("vigil/" + svc + "/blocked");

        // And the webhook gets both, signed
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> hook.received().stream().filter(r -> isFor(r, svc)).count() == 2);
        for (LocalReceiver.Received r :
            hook.received().stream().filter(x -> isFor(x, svc)).toList()) {
          assertThat(
                  WebhookSignature.verify(
                      SIGNING,
                      r.header(WebhookSignature.TIMESTAMP_HEADER),
                      r.header(WebhookSignature.SIGNATURE_HEADER),
                      r.body(),
                      Instant.now(),
                      Duration.ofMinutes(5)))
              .isEqualTo(Verdict.VALID);
        }
        // And the SEV3-and-lower destination got nothing
        assertThat(sev3only.received()).isEmpty();
      }
    }
  }

  private static boolean isFor(LocalReceiver.Received r, String svc) {
    return svc.equals(r.json().path("service").asText());
  }

  @Test
  void shouldDeliverAfterARestartWhatADownDestinationNeverGot(VigilPlatform platform)
      throws Exception {
    String svc = platform.uniqueName("orders");
    String group = platform.uniqueName("g");
    try (AlertsBus bus = new AlertsBus(platform);
        LocalReceiver up = new LocalReceiver();
        LocalReceiver down = new LocalReceiver().answer(503, Map.of(), 100_000)) {
      List<Destination> destinations =
          List.of(
              new Destination(
                  "up", DestinationType.WEBHOOK, up.url("/"), Route.ALL, 600, Optional.of(SIGNING)),
              new Destination(
                  "down",
                  DestinationType.WEBHOOK,
                  down.url("/"),
                  Route.ALL,
                  600,
                  Optional.of(SIGNING)));
      // Given a dispatcher whose second destination is down
      try (AlertDispatcher d =
          bus.start(bus.settings(group, Duration.ofMinutes(1), dir), destinations)) {
        bus.publish(TestAlerts.blocked(svc, "site-b", AlertAction.TRIGGER));
        // Then the working destination has it at once, the down one keeps retrying
        await().atMost(Duration.ofSeconds(30)).until(() -> count(up, svc) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(down, svc) >= 2);
        assertThat(d.statuses())
            .filteredOn(s -> s.name().equals("down"))
            .singleElement()
            .satisfies(s -> assertThat(s.failingSince()).isPresent());
      }
      // When the process stops and starts again with the destination back (same group)
      try (LocalReceiver back = new LocalReceiver()) {
        List<Destination> again =
            List.of(
                new Destination(
                    "up",
                    DestinationType.WEBHOOK,
                    up.url("/"),
                    Route.ALL,
                    600,
                    Optional.of(SIGNING)),
                new Destination(
                    "down",
                    DestinationType.WEBHOOK,
                    back.url("/"),
                    Route.ALL,
                    600,
                    Optional.of(SIGNING)));
        try (AlertDispatcher d =
            bus.start(bus.settings(group, Duration.ofMinutes(1), dir), again)) {
          // Then the alert it never committed reaches the returned destination
          await().atMost(Duration.ofSeconds(30)).until(() -> count(back, svc) == 1);
          // and the other gets it again with the same alert id (its dedup key absorbs it)
          await().atMost(Duration.ofSeconds(30)).until(() -> count(up, svc) == 2);
        }
      }
    }
  }

  private static long count(LocalReceiver r, String svc) {
    return r.received().stream().filter(x -> isFor(x, svc)).count();
  }
}
