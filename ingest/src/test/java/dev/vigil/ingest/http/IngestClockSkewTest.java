package dev.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.ingest.spool.DurableProducerConfig;
import dev.vigil.ingest.spool.SpoolConfig;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.platform.Ports;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clock discipline at the HTTP door: against a fixed ingest clock, events dated further in the
 * future than the skew are rejected per line with a reason naming the field and the rule (never the
 * value) and counted; events within the skew are accepted.
 */
class IngestClockSkewTest {
  static final String TOKEN = "tok-" + UUID.randomUUID();
  static final Instant NOW = Instant.parse("2026-03-02T08:15:04Z");

  @TempDir Path dir;

  @Test
  void shouldRejectEventsDatedPastTheSkewPerLineAndCountThem() throws Exception {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    String deadKafka = "127.0.0.1:" + Ports.freePort("127.0.0.1");
    try (OpenTelemetrySdk otel =
            OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
                .build();
        DurableProducer producer =
            DurableProducer.open(
                DurableProducerConfig.of(
                    SpoolConfig.defaults(dir.resolve("spool")),
                    deadKafka,
                    "skew-" + UUID.randomUUID()),
                new AvroSerializer<SpecificRecord>(
                    SchemaRegistryClients.create("mock://skew", Map.of()), false),
                otel);
        IngestServer server =
            IngestServer.start(
                IngestHttpConfig.loopback(Map.of("edge-1", TokenHashes.sha256Hex(TOKEN)))
                    .withClockDiscipline(ClockDiscipline.defaults())
                    .withClock(Clock.fixed(NOW, ZoneOffset.UTC)),
                producer,
                otel)) {
      // Given events 10 min, 30 s, just past 2 min and exactly 2 min ahead of the ingest clock
      Instant tenMinutes = NOW.plus(Duration.ofMinutes(10));
      Instant justPast = NOW.plus(Duration.ofMinutes(2)).plusMillis(1);
      String body =
          health(tenMinutes)
              + "\n"
              + health(NOW.plusSeconds(30))
              + "\n"
              + health(justPast)
              + "\n"
              + health(NOW.plus(Duration.ofMinutes(2)))
              + "\n";

      // When they are posted
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.uri().resolve("/v1/events"))
                      .header("Authorization", "Bearer " + TOKEN)
                      .header("Content-Type", "application/x-ndjson")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      // Then lines 1 and 3 are rejected naming the field and the rule, 2 and 4 accepted
      assertThat(r.statusCode()).isEqualTo(207);
      JsonNode answer = new ObjectMapper().readTree(r.body());
      assertThat(answer.get("accepted").asInt()).isEqualTo(2);
      assertThat(answer.get("rejected")).hasSize(2);
      for (int i = 0; i < 2; i++) {
        JsonNode rejected = answer.get("rejected").get(i);
        assertThat(rejected.get("line").asInt()).isEqualTo(i == 0 ? 1 : 3);
        assertThat(rejected.get("reason").asText())
            .isEqualTo("observed_at: more than 2m in the future (clock skew)");
      }
      // And the values are never echoed
      assertThat(r.body())
          .doesNotContain(tenMinutes.toString())
          .doesNotContain(justPast.toString())
          .doesNotContain("08:25:04");
      // And both are counted with the rule as reason
      assertThat(IngestMetricsTest.sums(reader, "vigil.ingest.http.events"))
          .containsEntry("collector=edge-1,outcome=rejected,reason=future_observed_at", 2L)
          .containsEntry("collector=edge-1,outcome=accepted", 2L);
    }
  }

  private static String health(Instant observedAt) {
    return Events.health(UUID.randomUUID()).replace("2026-03-02T08:15:04Z", observedAt.toString());
  }
}
