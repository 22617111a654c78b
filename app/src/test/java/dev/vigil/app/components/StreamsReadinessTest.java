package dev.vigil.app.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.app.selfmon.SelfHealth;
import dev.vigil.ingest.http.IngestServer;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.runtime.StreamsHealth;
import dev.vigil.streams.runtime.StreamsStatus;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /readyz} of {@code vigil run}'s collectors follows the Streams apps started before them.
 * Kafka is unreachable: the spool has room, so only the Streams apps decide.
 */
class StreamsReadinessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void shouldReportNotReadyAndNameTheAppWhileAStreamsAppIsInError(@TempDir Path dataDir)
      throws Exception {
    // Given two Streams apps of the process, the correlator in ERROR
    StreamsHealth streams = new StreamsHealth(OpenTelemetry.noop());
    Instant now = Instant.now();
    streams.update(new StreamsStatus("vigil-redactor", KafkaStreams.State.RUNNING, now, 0));
    streams.update(new StreamsStatus("vigil-failover", KafkaStreams.State.ERROR, now, 3));
    RuntimeContext context =
        new RuntimeContext(
            ConfigLoader.parse("c.yaml", "ingest: {spoolMaxBytes: 16777216}\n"),
            dataDir,
            Map.of("bootstrap.servers", "127.0.0.1:1"),
            SchemaRegistryClients.create("mock://readiness", Map.of()),
            OpenTelemetry.noop(),
            streams);

    // When the collectors start and /readyz is asked
    try (IngestComponent collectors = IngestComponent.start(context)) {
      URI readyz = URI.create(collectors.endpoints().get("ingest")).resolve("/readyz");
      HttpResponse<String> notReady = get(readyz);

      // Then it answers 503 and lists each app's state
      assertThat(notReady.statusCode()).isEqualTo(503);
      JsonNode body = JSON.readTree(notReady.body());
      assertThat(body.get("status").asText()).isEqualTo("not ready");
      assertThat(body.get("streams").get("vigil-failover").asText()).isEqualTo("ERROR");
      assertThat(body.get("streams").get("vigil-redactor").asText()).isEqualTo("RUNNING");

      // When the app is RUNNING again (a rebalance counts as ready), Then it answers 200
      streams.update(new StreamsStatus("vigil-failover", KafkaStreams.State.REBALANCING, now, 3));
      HttpResponse<String> ready = get(readyz);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(ready.body()).get("streams").get("vigil-failover").asText())
          .isEqualTo("REBALANCING");
    }
  }

  @Test
  void shouldAddOnlyTheSelfAlertsWhenTheProcessRunsNoStreamsApp() {
    // Given a process without Streams apps (vigil ingest), Then /readyz has no streams check
    Map<String, IngestServer.ReadinessCheck> checks =
        IngestComponent.readiness(new SelfHealth(new StreamsHealth(OpenTelemetry.noop())));
    assertThat(checks).containsOnlyKeys("self");
    // And the self part never makes the collectors not ready (the spool takes events meanwhile)
    assertThat(checks.get("self").check().ready()).isTrue();
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
