package dev.vigil.app.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.runtime.StreamsHealth;
import dev.vigil.streams.runtime.StreamsSupervisor;
import dev.vigil.testkit.TopicWatch;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correlator's stream thread killed in a running process: the supervisor raises the SEV1
 * self-alert on {@code vigil.alerts.v1} and the status server's {@code /readyz} turns 503 naming
 * the app; the next process (what the service manager starts after {@code vigil} exits 3) is ready
 * again and resolves the alert.
 */
@ExtendWith(VigilPlatformExtension.class)
class CorrelatorThreadKillIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dataDir;

  @Test
  void shouldRaiseTheSelfAlertAndTurnNotReadyWhenTheCorrelatorThreadDiesThenRecover(
      VigilPlatform platform) throws Exception {
    SchemaRegistryClient registry = SchemaRegistryClients.create(platform.registryUrl(), Map.of());
    try (Admin admin = Admin.create(platform.adminProperties())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
    String appId = platform.uniqueName("vigil-failover-kill");
    String key = "vigil/self/streams/" + appId;
    VigilConfig config =
        ConfigLoader.parse(
            "c.yaml",
            """
            sites: [primary, dr]
            services: {payments: {active: primary, standby: dr}}
            failover: {applicationId: %s, tickInterval: 500ms}
            streams: {threadReplacements: 0, alertGrace: 30s}
            """
                .formatted(appId));
    // the supervisor's self-alerts go to vigil.alerts.v1 as the correlator, as in vigil run
    Map<String, Object> client = platform.clientProperties(Principal.CORRELATOR);
    StreamsSupervisor.Settings supervision =
        // ERROR alerts at once; the grace only has to outlast PENDING_ERROR (closing the clients
        // takes seconds on the SASL_SSL broker), so the alert names the final state
        new StreamsSupervisor.Settings(
            Duration.ofSeconds(30),
            Duration.ofMillis(200),
            Optional.of(dataDir.resolve("streams-open-alerts")));

    try (TopicWatch<Alert> alerts = alerts(platform, registry, key)) {
      // Given a process running the correlator, supervised, with its status server ready
      StreamsHealth health = new StreamsHealth(OpenTelemetry.noop());
      RuntimeContext context = PlatformContexts.of(platform, config, dataDir, registry, health);
      FailoverComponent correlator = FailoverComponent.start(context);
      StreamsSupervisor supervisor = StreamsSupervisor.start(health, supervision, client, registry);
      URI readyz = URI.create(correlator.endpoints().get("status")).resolve("/readyz");
      try {
        await().atMost(WAIT).until(() -> get(readyz).statusCode() == 200);

        // When its stream thread is killed (no replacement allowed: the app ends in ERROR)
        Thread thread = streamThread(appId);
        stop(thread);

        // Then /readyz answers 503 and names the app in ERROR
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  HttpResponse<String> r = get(readyz);
                  assertThat(r.statusCode()).isEqualTo(503);
                  JsonNode body = JSON.readTree(r.body());
                  assertThat(body.get("status").asText()).isEqualTo("not ready");
                  assertThat(body.get("streams").get(0).get("application_id").asText())
                      .isEqualTo(appId);
                  assertThat(body.get("streams").get(0).get("state").asText()).isEqualTo("ERROR");
                });
        // And the SEV1 self-alert is on vigil.alerts.v1
        Alert trigger =
            alerts.await("SEV1 trigger", a -> a.getAction() == AlertAction.TRIGGER, WAIT);
        assertThat(trigger.getSeverity()).isEqualTo(AlertSeverity.SEV1);
        assertThat(trigger.getService()).isEqualTo("vigil");
        assertThat(trigger.getDetails()).containsEntry("state", "ERROR");
      } finally {
        supervisor.close();
        correlator.close();
      }

      // When the next process starts the correlator again
      StreamsHealth health2 = new StreamsHealth(OpenTelemetry.noop());
      RuntimeContext context2 = PlatformContexts.of(platform, config, dataDir, registry, health2);
      try (FailoverComponent again = FailoverComponent.start(context2);
          StreamsSupervisor supervisor2 =
              StreamsSupervisor.start(health2, supervision, client, registry)) {
        URI readyz2 = URI.create(again.endpoints().get("status")).resolve("/readyz");

        // Then it is ready and the alert is resolved
        await().atMost(WAIT).until(() -> get(readyz2).statusCode() == 200);
        Alert resolve = alerts.await("resolve", a -> a.getAction() == AlertAction.RESOLVE, WAIT);
        assertThat(resolve.getSeverity()).isEqualTo(AlertSeverity.SEV1);
        assertThat(JSON.readTree(get(readyz2).body()).get("ready").asBoolean()).isTrue();
      }
    }
  }

  /** The correlator's (only) stream thread. */
  private static Thread streamThread(String appId) {
    List<Thread> threads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith(appId) && t.getName().contains("StreamThread"))
            .toList();
    assertThat(threads).as("stream threads of " + appId).hasSize(1);
    return threads.get(0);
  }

  /**
   * Kills {@code thread} the way a fatal error in it would: an asynchronous {@code ThreadDeath}
   * (Java 17; the JDK removed it in 20, then this test needs a poison record instead).
   */
  @SuppressWarnings("removal")
  private static void stop(Thread thread) {
    thread.stop();
  }

  private static TopicWatch<Alert> alerts(
      VigilPlatform platform, SchemaRegistryClient registry, String key) {
    Deserializer<Alert> values = TopicSerdes.value(Topics.ALERTS, registry).deserializer();
    return TopicWatch.filtered(
        platform.readCommittedConsumer(Topics.ALERTS.name()),
        r ->
            key.equals(r.key())
                ? Optional.of(values.deserialize(r.topic(), r.value()))
                : Optional.empty());
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
