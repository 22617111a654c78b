package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The dispatcher against the real Prometheus Alertmanager (Debian {@code prometheus-alertmanager},
 * which {@code .ci/run} installs): a blocked failover shows up in {@code /api/v2/alerts} with its
 * labels and annotations and goes when resolved; with Alertmanager down for 30 s an alert raised
 * meanwhile arrives once it is back, and one that was firing before is there again.
 */
@ExtendWith(VigilPlatformExtension.class)
class AlertmanagerIT {
  @TempDir Path dir;

  @BeforeAll
  static void needsAlertmanager() {
    if (!Files.isExecutable(AlertmanagerProcess.BINARY) && System.getenv("CI") == null) {
      throw new TestAbortedException(
          AlertmanagerProcess.BINARY
              + " is not installed (apt-get install -y prometheus-alertmanager); skipped outside CI."
              + " On CI (CI set) this test fails instead.");
    }
  }

  @Test
  void shouldShowABlockedFailoverInAlertmanagerAndResolveItThere(VigilPlatform platform)
      throws Exception {
    String svc = platform.uniqueName("payments");
    try (AlertsBus bus = new AlertsBus(platform);
        AlertmanagerProcess am = new AlertmanagerProcess(dir).start();
        AlertDispatcher d = bus.start(settings(bus, platform), List.of(destination(am)))) {
      // When the correlator raises a SEV1 "failover blocked"
      bus.publish(TestAlerts.blocked(svc, "site-b", AlertAction.TRIGGER));

      // Then Alertmanager has it, active, with Vigil's labels and annotations
      JsonNode alert =
          await().atMost(Duration.ofSeconds(30)).until(() -> find(am, svc), a -> a != null);
      JsonNode labels = alert.path("labels");
      assertThat(labels.path("alertname").asText()).isEqualTo("VigilBlocked");
      assertThat(labels.path("severity").asText()).isEqualTo("critical");
      assertThat(labels.path("sev").asText()).isEqualTo("SEV1");
      assertThat(labels.path("service").asText()).isEqualTo(svc);
      assertThat(labels.path("site").asText()).isEqualTo("site-b");
      assertThat(labels.path("dedup_key").asText()).isEqualTo("vigil/" + svc + "/blocked");
      assertThat(alert.path("annotations").path("summary").asText())
          .isEqualTo("failover of " + svc + " to site-b blocked by gate intrusion");
      assertThat(alert.path("annotations").path("evidence").asText()).isEqualTo("evt-1,evt-2");
      assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
      assertThat(alert.path("generatorURL").asText()).endsWith("/#/services/" + svc);
      assertThat(Instant.parse(alert.path("startsAt").asText())).isEqualTo(TestAlerts.T0);

      // When it clears, Then Alertmanager no longer lists it
      bus.publish(TestAlerts.blocked(svc, "site-b", AlertAction.RESOLVE));
      await().atMost(Duration.ofSeconds(30)).until(() -> find(am, svc) == null);
    }
  }

  @Test
  void shouldDeliverWhatWasRaisedWhileAlertmanagerWasDownForThirtySeconds(VigilPlatform platform)
      throws Exception {
    String before = platform.uniqueName("firing");
    String during = platform.uniqueName("orders");
    try (AlertsBus bus = new AlertsBus(platform);
        AlertmanagerProcess am = new AlertmanagerProcess(dir).start();
        AlertDispatcher d = bus.start(settings(bus, platform), List.of(destination(am)))) {
      // Given an alert firing in Alertmanager
      bus.publish(TestAlerts.blocked(before, "site-a", AlertAction.TRIGGER));
      await().atMost(Duration.ofSeconds(30)).until(() -> find(am, before) != null);

      // When Alertmanager is down for 30 s, during which another failover is blocked
      am.stop();
      bus.publish(TestAlerts.blocked(during, "site-b", AlertAction.TRIGGER));
      await()
          .during(Duration.ofSeconds(30))
          .atMost(Duration.ofSeconds(40))
          .until(() -> d.statuses().get(0).failingSince().isPresent());

      // Then once it is back (with no memory of alerts) both are there, nothing lost
      am.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> find(am, during) != null);
      await().atMost(Duration.ofSeconds(30)).until(() -> find(am, before) != null);
      assertThat(find(am, during).path("labels").path("site").asText()).isEqualTo("site-b");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> d.statuses().get(0).failingSince().isEmpty());
    }
  }

  private static DispatcherSettings settings(AlertsBus bus, VigilPlatform platform) {
    return bus.settings(
        platform.uniqueName("g"), Duration.ofSeconds(2), Path.of("target", "parked"));
  }

  private static Destination destination(AlertmanagerProcess am) {
    return new Destination(
        "alertmanager", DestinationType.ALERTMANAGER, am.url(), Route.ALL, 600, Optional.empty());
  }

  /** The alert of {@code service} Alertmanager lists, or null. */
  private static JsonNode find(AlertmanagerProcess am, String service) throws Exception {
    return StreamSupport.stream(am.alerts().spliterator(), false)
        .filter(a -> service.equals(a.path("labels").path("service").asText()))
        .findFirst()
        .orElse(null);
  }
}
