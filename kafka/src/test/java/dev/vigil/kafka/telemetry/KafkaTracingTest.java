package dev.vigil.kafka.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaTracingTest {

  private static final String TOPIC = "vigil.raw.v1";

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private final OpenTelemetry openTelemetry = OTEL.getOpenTelemetry();
  private final Tracer tracer = openTelemetry.getTracer("kafka-tracing-test");

  @Test
  void shouldExtractTheSameTraceAndSpanIdThatWasInjected() {
    // Given
    Span span = tracer.spanBuilder("origin").startSpan();
    Headers headers = new RecordHeaders();

    // When
    KafkaTracing.inject(openTelemetry, Context.root().with(span), headers);
    SpanContext extracted =
        Span.fromContext(KafkaTracing.extract(openTelemetry, headers)).getSpanContext();
    span.end();

    // Then
    assertThat(extracted.isValid()).isTrue();
    assertThat(extracted.isRemote()).isTrue();
    assertThat(extracted.getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
    assertThat(extracted.getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
    assertThat(extracted.isSampled()).isTrue();
    assertThat(utf8(headers.lastHeader("traceparent")))
        .isEqualTo(
            "00-"
                + span.getSpanContext().getTraceId()
                + "-"
                + span.getSpanContext().getSpanId()
                + "-"
                + span.getSpanContext().getTraceFlags().asHex());
  }

  @Test
  void shouldContinueTheTraceInTheConsumerSpanAcrossARecordHeadersHop() {
    // Given a producer span whose context is written into the record's headers
    Span producer = KafkaTracing.startProducerSpan(tracer, Context.root(), TOPIC);
    Headers sent = new RecordHeaders();
    KafkaTracing.inject(openTelemetry, Context.root().with(producer), sent);
    producer.end();

    // When the headers arrive on the other side as a fresh copy
    Headers received = new RecordHeaders(sent.toArray());
    Context parent = KafkaTracing.extract(openTelemetry, received);
    KafkaTracing.startConsumerSpan(tracer, parent, TOPIC).end();

    // Then
    List<SpanData> spans = OTEL.getSpans();
    assertThat(spans).hasSize(2);
    SpanData producerData = spans.get(0);
    SpanData consumerData = spans.get(1);
    assertThat(producerData.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(consumerData.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(consumerData.getTraceId()).isEqualTo(producerData.getTraceId());
    assertThat(consumerData.getParentSpanId()).isEqualTo(producerData.getSpanId());
    assertThat(consumerData.getParentSpanContext().isRemote()).isTrue();
    assertThat(consumerData.getName()).isEqualTo("process " + TOPIC);
  }

  @Test
  void shouldReplaceTheTraceparentHeaderWhenInjectingTwice() {
    // Given
    Span first = tracer.spanBuilder("first").startSpan();
    Span second = tracer.spanBuilder("second").startSpan();
    Headers headers = new RecordHeaders();
    headers.add("other", "kept".getBytes(StandardCharsets.UTF_8));

    // When
    KafkaTracing.inject(openTelemetry, Context.root().with(first), headers);
    KafkaTracing.inject(openTelemetry, Context.root().with(second), headers);
    first.end();
    second.end();

    // Then
    assertThat(headers.headers("traceparent")).hasSize(1);
    SpanContext extracted =
        Span.fromContext(KafkaTracing.extract(openTelemetry, headers)).getSpanContext();
    assertThat(extracted.getSpanId()).isEqualTo(second.getSpanContext().getSpanId());
    assertThat(utf8(headers.lastHeader("other"))).isEqualTo("kept");
  }

  @Test
  void shouldExtractAnInvalidContextFromAGarbageTraceparent() {
    // Given
    Headers headers = new RecordHeaders();
    headers.add("traceparent", "not-a-traceparent\u0000\uFFFD".getBytes(StandardCharsets.UTF_8));
    headers.add("tracestate", new byte[] {(byte) 0xC3, (byte) 0x28});

    // When
    Context context = KafkaTracing.extract(openTelemetry, headers);

    // Then
    assertThat(Span.fromContext(context).getSpanContext().isValid()).isFalse();
  }

  @Test
  void shouldExtractAnInvalidContextWhenHeadersAreAbsentOrNullValued() {
    // Given
    Headers empty = new RecordHeaders();
    Headers nullValued = new RecordHeaders();
    nullValued.add("traceparent", null);

    // When / Then
    assertThat(
            Span.fromContext(KafkaTracing.extract(openTelemetry, empty)).getSpanContext().isValid())
        .isFalse();
    assertThat(KafkaTracing.getter().get(nullValued, "traceparent")).isNull();
    assertThat(
            Span.fromContext(KafkaTracing.extract(openTelemetry, nullValued))
                .getSpanContext()
                .isValid())
        .isFalse();
  }

  @Test
  void shouldNotAdoptTheCurrentContextWhenHeadersCarryNoTrace() {
    // Given a span that is current on this thread
    Span local = tracer.spanBuilder("local").startSpan();
    try (var ignored = local.makeCurrent()) {
      // When
      Context extracted = KafkaTracing.extract(openTelemetry, new RecordHeaders());

      // Then
      assertThat(Span.fromContext(extracted).getSpanContext().isValid()).isFalse();
    } finally {
      local.end();
    }
  }

  @Test
  void shouldCarryOnlyTheMessagingAttributesOnAProducerSpan() {
    // When
    KafkaTracing.startProducerSpan(tracer, Context.root(), TOPIC).end();

    // Then
    SpanData span = OTEL.getSpans().get(0);
    assertThat(span.getName()).isEqualTo("publish " + TOPIC);
    assertThat(span.getAttributes().asMap())
        .isEqualTo(
            Attributes.of(
                    KafkaTracing.MESSAGING_SYSTEM,
                    "kafka",
                    KafkaTracing.MESSAGING_DESTINATION_NAME,
                    TOPIC,
                    KafkaTracing.MESSAGING_OPERATION,
                    "publish")
                .asMap());
  }

  @Test
  void shouldReadAndWriteHeaderValuesAsUtf8() {
    // Given
    Headers headers = new RecordHeaders();

    // When
    KafkaTracing.setter().set(headers, "tracestate", "vigil=é1");

    // Then
    assertThat(headers.lastHeader("tracestate").value())
        .isEqualTo("vigil=é1".getBytes(StandardCharsets.UTF_8));
    assertThat(KafkaTracing.getter().get(headers, "tracestate")).isEqualTo("vigil=é1");
    assertThat(KafkaTracing.getter().keys(headers)).containsExactly("tracestate");
  }

  @Test
  void shouldRejectABlankTopic() {
    assertThatThrownBy(() -> KafkaTracing.startProducerSpan(tracer, Context.root(), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topic");
  }

  private static String utf8(Header header) {
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
