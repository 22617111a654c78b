package dev.vigil.kafka.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;

/**
 * W3C trace context in Kafka headers, and messaging spans that carry no payload-derived values.
 *
 * <p>Producer side: {@code Span span = startProducerSpan(tracer, Context.current(), topic);} then
 * {@code inject(otel, Context.current().with(span), record.headers())} before {@code send}.
 * Consumer side: {@code Context parent = extract(otel, record.headers());} then {@code
 * startConsumerSpan(tracer, parent, record.topic())}.
 */
public final class KafkaTracing {

  public static final AttributeKey<String> MESSAGING_SYSTEM =
      AttributeKey.stringKey("messaging.system");
  public static final AttributeKey<String> MESSAGING_DESTINATION_NAME =
      AttributeKey.stringKey("messaging.destination.name");
  public static final AttributeKey<String> MESSAGING_OPERATION =
      AttributeKey.stringKey("messaging.operation");

  /** Value of {@code messaging.system}. */
  public static final String SYSTEM_KAFKA = "kafka";

  /** Values of {@code messaging.operation}; each fixes the span kind. */
  public enum Operation {
    PUBLISH("publish", SpanKind.PRODUCER),
    RECEIVE("receive", SpanKind.CONSUMER),
    PROCESS("process", SpanKind.CONSUMER);

    private final String value;
    private final SpanKind kind;

    Operation(String value, SpanKind kind) {
      this.value = value;
      this.kind = kind;
    }

    public String value() {
      return value;
    }

    public SpanKind kind() {
      return kind;
    }
  }

  private KafkaTracing() {}

  /** Setter that writes UTF-8 header values and replaces an existing header of the same key. */
  public static TextMapSetter<Headers> setter() {
    return KafkaHeadersCarrier.INSTANCE;
  }

  /** Getter that reads the last header of a key as UTF-8; absent or null-valued gives null. */
  public static TextMapGetter<Headers> getter() {
    return KafkaHeadersCarrier.INSTANCE;
  }

  /** Writes the propagation fields of {@code context} into {@code headers} (must be writable). */
  public static void inject(OpenTelemetry openTelemetry, Context context, Headers headers) {
    Objects.requireNonNull(headers, "headers");
    openTelemetry.getPropagators().getTextMapPropagator().inject(context, headers, setter());
  }

  /**
   * Reads the remote context from {@code headers}, on top of {@link Context#root()} so that a
   * consumer never silently adopts whatever happens to be current on its thread. Missing or
   * malformed fields give a context without a valid span; this never throws for bad input.
   */
  public static Context extract(OpenTelemetry openTelemetry, Headers headers) {
    Objects.requireNonNull(headers, "headers");
    return openTelemetry
        .getPropagators()
        .getTextMapPropagator()
        .extract(Context.root(), headers, getter());
  }

  /** Starts a {@link SpanKind#PRODUCER} span named {@code "publish <topic>"}. */
  public static Span startProducerSpan(Tracer tracer, Context parent, String topic) {
    return startSpan(tracer, parent, topic, Operation.PUBLISH);
  }

  /** Starts a {@link SpanKind#CONSUMER} span named {@code "process <topic>"}. */
  public static Span startConsumerSpan(Tracer tracer, Context parent, String topic) {
    return startSpan(tracer, parent, topic, Operation.PROCESS);
  }

  /**
   * Starts a messaging span with exactly the attributes {@code messaging.system}, {@code
   * messaging.destination.name} and {@code messaging.operation}. There is deliberately no way to
   * pass other attributes here: keys, payload fields and header values may be PII.
   */
  public static Span startSpan(Tracer tracer, Context parent, String topic, Operation operation) {
    Objects.requireNonNull(tracer, "tracer");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(operation, "operation");
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    return tracer
        .spanBuilder(operation.value() + " " + topic)
        .setSpanKind(operation.kind())
        .setParent(parent)
        .setAttribute(MESSAGING_SYSTEM, SYSTEM_KAFKA)
        .setAttribute(MESSAGING_DESTINATION_NAME, topic)
        .setAttribute(MESSAGING_OPERATION, operation.value())
        .startSpan();
  }
}
