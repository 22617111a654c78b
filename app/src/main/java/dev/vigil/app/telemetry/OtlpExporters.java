package dev.vigil.app.telemetry;

import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;

/** OTLP/HTTP (protobuf) exporters; the HTTP sender is the JDK client, okhttp is excluded. */
final class OtlpExporters {

  static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);

  private OtlpExporters() {}

  static MetricReader metricReader(URI base, Duration interval) {
    MetricExporter exporter =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(resolve(base, "v1/metrics"))
            .setTimeout(EXPORT_TIMEOUT)
            .build();
    return PeriodicMetricReader.builder(exporter).setInterval(interval).build();
  }

  static SpanProcessor spanProcessor(URI base) {
    SpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(resolve(base, "v1/traces"))
            .setTimeout(EXPORT_TIMEOUT)
            .build();
    return BatchSpanProcessor.builder(exporter).build();
  }

  /** {@code http://h:4318} and {@code http://h:4318/prefix/} both keep their path as a prefix. */
  static String resolve(URI base, String signalPath) {
    String text = base.toString();
    return (text.endsWith("/") ? text : text + "/") + signalPath;
  }
}
