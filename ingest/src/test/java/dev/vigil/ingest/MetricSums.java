package dev.vigil.ingest;

import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Map;
import java.util.TreeMap;

/** Reads counters from an {@link InMemoryMetricReader} in tests. */
public final class MetricSums {
  private MetricSums() {}

  /**
   * The long sum {@code name}, per attribute set: keys are the attributes sorted by name, as {@code
   * k1=v1,k2=v2}; points with the same attributes are added.
   */
  public static Map<String, Long> of(InMemoryMetricReader reader, String name) {
    Map<String, Long> out = new TreeMap<>();
    reader.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .forEach(
            p -> {
              Map<String, Object> sorted = new TreeMap<>();
              p.getAttributes().forEach((k, v) -> sorted.put(k.getKey(), v));
              StringBuilder key = new StringBuilder();
              sorted.forEach(
                  (k, v) ->
                      key.append(key.length() == 0 ? "" : ",").append(k).append('=').append(v));
              out.merge(key.toString(), p.getValue(), Long::sum);
            });
    return out;
  }
}
