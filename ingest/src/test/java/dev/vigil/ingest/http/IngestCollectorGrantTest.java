package dev.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.ingest.spool.DurableProducerConfig;
import dev.vigil.ingest.spool.SpoolConfig;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.platform.Ports;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collector tokens bound to sites and kinds at the HTTP door: a backup-site collector cannot
 * publish primary-site health, a health-only collector cannot publish security signals; refusals
 * are per line, name the collector and its grant (never the event's values), are counted, and a
 * request refused only for its grant is answered 403.
 */
class IngestCollectorGrantTest {
  static final String BACKUP_TOKEN = "tok-b-" + UUID.randomUUID();
  static final String PROBE_TOKEN = "tok-p-" + UUID.randomUUID();
  static final String LEGACY_TOKEN = "tok-l-" + UUID.randomUUID();

  @TempDir Path dir;
  final InMemoryMetricReader reader = InMemoryMetricReader.create();
  OpenTelemetrySdk otel;
  DurableProducer producer;
  IngestServer server;

  @BeforeEach
  void start() throws Exception {
    otel =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build();
    producer =
        DurableProducer.open(
            DurableProducerConfig.of(
                SpoolConfig.defaults(dir.resolve("spool")),
                "127.0.0.1:" + Ports.freePort("127.0.0.1"),
                "grant-" + UUID.randomUUID()),
            new AvroSerializer<SpecificRecord>(
                SchemaRegistryClients.create("mock://grant", Map.of()), false),
            otel);
    server =
        IngestServer.start(
            IngestHttpConfig.loopbackGranting(
                Map.of(
                    "edge-b",
                    CollectorGrant.boundTo(TokenHashes.sha256Hex(BACKUP_TOKEN), "backup"),
                    "probe-p",
                    new CollectorGrant(
                        TokenHashes.sha256Hex(PROBE_TOKEN),
                        Set.of("primary", "backup"),
                        Set.of(EventKind.HEALTH)),
                    "legacy",
                    CollectorGrant.unbound(TokenHashes.sha256Hex(LEGACY_TOKEN)))),
            producer,
            otel);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    producer.close();
    otel.close();
  }

  @Test
  void shouldRefuseABackupCollectorPublishingPrimaryHealthWith403() throws Exception {
    // Given primary-site health (Events.health names site primary)
    String body = Events.health(UUID.randomUUID()) + "\n";

    // When the backup-bound collector posts it
    HttpResponse<String> r = post(BACKUP_TOKEN, body);

    // Then it is refused for its grant, naming the collector and its sites, not the event's site
    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode rejected = new ObjectMapper().readTree(r.body()).get("rejected").get(0);
    assertThat(rejected.get("line").asInt()).isEqualTo(1);
    assertThat(rejected.get("reason").asText())
        .isEqualTo("site: collector edge-b may publish for backup only");
    assertThat(r.body()).doesNotContain("primary").doesNotContain("checkout");
    assertThat(IngestMetricsTest.sums(reader, "vigil.ingest.http.events"))
        .containsEntry("collector=edge-b,outcome=rejected,reason=forbidden", 1L);
  }

  @Test
  void shouldAcceptOwnSiteEventsAndRefuseTheOthersLineByLine() throws Exception {
    // Given a backup-site security signal and a primary-site health result
    String body =
        Events.security(UUID.randomUUID(), "scan seen")
            + "\n"
            + Events.health(UUID.randomUUID())
            + "\n";

    // When the backup-bound collector posts both
    HttpResponse<String> r = post(BACKUP_TOKEN, body);

    // Then the backup event is accepted (spooled: Kafka is down here) and line 2 refused
    assertThat(r.statusCode()).isEqualTo(207);
    JsonNode answer = new ObjectMapper().readTree(r.body());
    assertThat(answer.get("accepted").asInt()).isEqualTo(1);
    assertThat(answer.get("rejected")).hasSize(1);
    assertThat(answer.get("rejected").get(0).get("line").asInt()).isEqualTo(2);
  }

  @Test
  void shouldRefuseAKindOutsideTheGrantEvenForAPermittedSite() throws Exception {
    // Given a backup-site security signal
    String body = Events.security(UUID.randomUUID(), "scan seen") + "\n";

    // When the health-only probe collector posts it
    HttpResponse<String> r = post(PROBE_TOKEN, body);

    // Then it is refused naming the kinds the collector may publish
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new ObjectMapper().readTree(r.body()).get("rejected").get(0).get("reason").asText())
        .isEqualTo("kind: collector probe-p may publish health only");

    // And its health events of either site are accepted
    HttpResponse<String> health = post(PROBE_TOKEN, Events.health(UUID.randomUUID()) + "\n");
    assertThat(health.statusCode()).isEqualTo(202);
  }

  @Test
  void shouldLetAnUnboundTokenPublishAnySiteAndKind() throws Exception {
    String body =
        Events.security(UUID.randomUUID(), "scan seen")
            + "\n"
            + Events.health(UUID.randomUUID())
            + "\n";

    HttpResponse<String> r = post(LEGACY_TOKEN, body);

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(new ObjectMapper().readTree(r.body()).get("accepted").asInt()).isEqualTo(2);
  }

  @Test
  void shouldStillAnswer401ToAnUnknownTokenBeforeLookingAtTheGrant() throws Exception {
    HttpResponse<String> r = post("not-a-token", Events.health(UUID.randomUUID()) + "\n");
    assertThat(r.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> post(String token, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.uri().toString()).resolve("/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
