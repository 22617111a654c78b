package dev.vigil.kafka.telemetry;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads and writes propagation fields ({@code traceparent}, {@code tracestate}, {@code baggage}) as
 * UTF-8 Kafka headers. Writing replaces any header of the same key, so a record that is re-injected
 * (retry, re-publish) never carries two conflicting {@code traceparent} values.
 */
enum KafkaHeadersCarrier implements TextMapSetter<Headers>, TextMapGetter<Headers> {
  INSTANCE;

  @Override
  public void set(Headers carrier, String key, String value) {
    if (carrier == null || key == null || value == null) {
      return;
    }
    carrier.remove(key);
    carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Iterable<String> keys(Headers carrier) {
    Set<String> keys = new LinkedHashSet<>();
    if (carrier == null) {
      return keys;
    }
    for (Header header : carrier) {
      keys.add(header.key());
    }
    return keys;
  }

  @Override
  public String get(Headers carrier, String key) {
    if (carrier == null || key == null) {
      return null;
    }
    Header header = carrier.lastHeader(key);
    if (header == null || header.value() == null) {
      return null;
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
