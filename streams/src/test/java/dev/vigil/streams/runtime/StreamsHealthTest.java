package dev.vigil.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class StreamsHealthTest {

  @Test
  void shouldExportEachAppsStateAndThreadReplacementsAndTellListeners() {
    // Given the health of a process with two apps, one of them in ERROR after 3 replacements
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (OpenTelemetrySdk otel =
            OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
                .build();
        StreamsHealth health = new StreamsHealth(otel)) {
      List<StreamsStatus> seen = new ArrayList<>();
      health.onChange(seen::add);
      Instant now = Instant.now();
      health.update(new StreamsStatus("vigil-redactor", KafkaStreams.State.RUNNING, now, 0));
      health.update(new StreamsStatus("vigil-failover", KafkaStreams.State.ERROR, now, 3));

      // Then the metrics carry each app's state, and the process is not ready
      Map<String, Long> running = points(reader, "vigil.streams.running");
      assertThat(running)
          .containsExactlyInAnyOrderEntriesOf(Map.of("vigil-redactor", 1L, "vigil-failover", 0L));
      assertThat(points(reader, "vigil.streams.state"))
          .containsEntry("vigil-redactor", 2L)
          .containsEntry("vigil-failover", 6L);
      assertThat(points(reader, "vigil.streams.thread.replaced"))
          .containsEntry("vigil-failover", 3L)
          .containsEntry("vigil-redactor", 0L);
      assertThat(health.ready()).isFalse();
      assertThat(seen)
          .extracting(StreamsStatus::applicationId)
          .containsExactly("vigil-redactor", "vigil-failover");

      // When the failing app is replaced by a running one, Then the process is ready
      health.update(new StreamsStatus("vigil-failover", KafkaStreams.State.RUNNING, now, 3));
      assertThat(health.ready()).isTrue();
    }
  }

  private static Map<String, Long> points(InMemoryMetricReader reader, String name) {
    Map<String, Long> out = new TreeMap<>();
    for (MetricData m : reader.collectAllMetrics()) {
      if (!m.getName().equals(name)) {
        continue;
      }
      var points =
          switch (m.getType()) {
            case LONG_GAUGE -> m.getLongGaugeData().getPoints();
            case LONG_SUM -> m.getLongSumData().getPoints();
            default -> throw new AssertionError(name + " is " + m.getType());
          };
      points.forEach(
          p ->
              out.put(
                  p.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("app")),
                  p.getValue()));
    }
    return out;
  }
}
