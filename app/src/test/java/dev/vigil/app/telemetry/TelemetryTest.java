package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.telemetry.KafkaTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TelemetryTest {

  private static TelemetryConfig withoutServers() {
    return new TelemetryConfig("vigil-test", null, -1, Optional.empty(), null, null);
  }

  @Test
  void shouldPropagateTraceContextAndBaggageThroughKafkaHeaders() {
    try (Telemetry telemetry = Telemetry.start(withoutServers())) {
      // Given
      OpenTelemetry otel = telemetry.openTelemetry();
      Span producer =
          KafkaTracing.startProducerSpan(otel.getTracer("t"), Context.root(), "vigil.raw.v1");
      Context sent =
          Context.root().with(producer).with(Baggage.builder().put("site", "primary").build());
      Headers headers = new RecordHeaders();

      // When
      KafkaTracing.inject(otel, sent, headers);
      Context received = KafkaTracing.extract(otel, new RecordHeaders(headers.toArray()));
      producer.end();

      // Then
      assertThat(Span.fromContext(received).getSpanContext().getSpanId())
          .isEqualTo(producer.getSpanContext().getSpanId());
      assertThat(Baggage.fromContext(received).getEntryValue("site")).isEqualTo("primary");
    }
  }

  @Test
  void shouldForwardTheIncomingTraceFromANoopTelemetry() {
    // Given a traceparent written by an upstream component
    Headers upstream = new RecordHeaders();
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    upstream.add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes());

    try (Telemetry telemetry = Telemetry.noop()) {
      OpenTelemetry otel = telemetry.openTelemetry();

      // When the component spans and re-publishes with telemetry off
      Context parent = KafkaTracing.extract(otel, upstream);
      Span span = KafkaTracing.startConsumerSpan(otel.getTracer("t"), parent, "vigil.raw.v1");
      Headers downstream = new RecordHeaders();
      KafkaTracing.inject(otel, parent.with(span), downstream);
      span.end();

      // Then the trace survives, and nothing is served
      SpanContext forwarded =
          Span.fromContext(KafkaTracing.extract(otel, downstream)).getSpanContext();
      assertThat(forwarded.getTraceId()).isEqualTo(traceId);
      assertThat(telemetry.prometheusEndpoint()).isEmpty();
      assertThat(telemetry.forceFlush(Duration.ofSeconds(1))).isTrue();
    }
  }

  @Test
  void shouldCloseIdempotentlyWithinTheBound() {
    // Given
    Telemetry telemetry = Telemetry.start(withoutServers());
    long started = System.nanoTime();

    // When
    telemetry.close();
    telemetry.close();

    // Then
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(Telemetry.CLOSE_TIMEOUT.plusSeconds(1));
  }
}
