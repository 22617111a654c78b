package dev.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.ingest.MetricSums;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.ingest.spool.DurableProducerConfig;
import dev.vigil.ingest.spool.FsyncPolicy;
import dev.vigil.ingest.spool.SpoolConfig;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.platform.Ports;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest metrics carry the values an operator reads: events per collector, outcome and reason;
 * requests per status; spool depth. Kafka is unreachable here, so every accepted event stays in the
 * spool and the depth gauge must count it.
 */
class IngestMetricsTest {
  static final String TOKEN = "tok-" + UUID.randomUUID();

  @TempDir Path dir;

  @Test
  void shouldCountEventsByCollectorOutcomeAndReasonAndReportTheSpoolDepth() throws Exception {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build();
    SpoolConfig spool = SpoolConfig.defaults(dir.resolve("spool")).withFsync(FsyncPolicy.PER_BATCH);
    String deadKafka = "127.0.0.1:" + Ports.freePort("127.0.0.1");
    try (otel;
        DurableProducer producer =
            DurableProducer.open(
                DurableProducerConfig.of(spool, deadKafka, "metrics-" + UUID.randomUUID()),
                new AvroSerializer<SpecificRecord>(
                    SchemaRegistryClients.create("mock://metrics", Map.of()), false),
                otel);
        IngestServer server =
            IngestServer.start(
                IngestHttpConfig.loopback(Map.of("edge-7", TokenHashes.sha256Hex(TOKEN))),
                producer,
                otel)) {
      UUID repeated = UUID.randomUUID();
      // Given three good events (one sent twice), a malformed line and a wrong enum value
      String body =
          Events.health(UUID.randomUUID())
              + "\n"
              + Events.health(repeated)
              + "\n"
              + Events.health(repeated)
              + "\n{not json\n"
              + Events.health(UUID.randomUUID()).replace("\"PASS\"", "\"OK\"")
              + "\n"
              + Events.security(UUID.randomUUID(), "m")
              + "\n";
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.uri().resolve("/v1/events"))
                      .header("Authorization", "Bearer " + TOKEN)
                      .header("Content-Type", "application/x-ndjson")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(207);

      // Then the counters say what happened, per collector, outcome and reason
      Map<String, Long> events = sums(reader, "vigil.ingest.http.events");
      assertThat(events)
          .containsEntry("collector=edge-7,outcome=accepted", 3L)
          .containsEntry("collector=edge-7,outcome=duplicate", 1L)
          .containsEntry("collector=edge-7,outcome=rejected,reason=malformed_json", 1L)
          .containsEntry("collector=edge-7,outcome=rejected,reason=invalid_event", 1L)
          .hasSize(4);
      // (the request is counted once its answer is sent: the client may read the answer first)
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(sums(reader, "vigil.ingest.http.requests"))
                      .containsEntry("http.response.status_code=207", 1L));
      // And the spool holds the three new events, undelivered
      assertThat(gauge(reader, "vigil.ingest.spool.depth.records")).isEqualTo(3.0);
      assertThat(gauge(reader, "vigil.ingest.spool.depth.bytes")).isGreaterThan(0.0);
      assertThat(sums(reader, "vigil.ingest.spool.appended").values().stream().mapToLong(v -> v))
          .containsExactly(3L);
    }
  }

  static Map<String, Long> sums(InMemoryMetricReader reader, String name) {
    return MetricSums.of(reader, name);
  }

  private static double gauge(InMemoryMetricReader reader, String name) {
    for (MetricData m : reader.collectAllMetrics()) {
      if (m.getName().equals(name)) {
        return switch (m.getType()) {
          case LONG_GAUGE -> m.getLongGaugeData().getPoints().iterator().next().getValue();
          default -> m.getDoubleGaugeData().getPoints().iterator().next().getValue();
        };
      }
    }
    throw new AssertionError("no metric " + name);
  }
}
