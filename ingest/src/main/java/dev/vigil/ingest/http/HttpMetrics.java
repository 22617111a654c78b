package dev.vigil.ingest.http;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/** HTTP ingest metrics; attributes are the collector id, outcome, reason class and status only. */
final class HttpMetrics {
  static final AttributeKey<String> COLLECTOR = AttributeKey.stringKey("collector");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  private final LongCounter events;
  private final LongCounter requests;
  private final DoubleHistogram duration;

  HttpMetrics(OpenTelemetry otel) {
    Meter meter = otel.getMeter("dev.vigil.ingest");
    events =
        meter
            .counterBuilder("vigil.ingest.http.events")
            .setDescription("Events received, by collector, outcome and rejection reason")
            .build();
    requests =
        meter
            .counterBuilder("vigil.ingest.http.requests")
            .setDescription("Requests answered, by status code")
            .build();
    duration =
        meter
            .histogramBuilder("vigil.ingest.http.duration")
            .setUnit("ms")
            .setDescription("Time to answer POST /v1/events")
            .build();
  }

  void accepted(String collector, long n, long duplicates) {
    if (n - duplicates > 0) {
      events.add(n - duplicates, Attributes.of(COLLECTOR, collector, OUTCOME, "accepted"));
    }
    if (duplicates > 0) {
      events.add(duplicates, Attributes.of(COLLECTOR, collector, OUTCOME, "duplicate"));
    }
  }

  void rejected(String collector, String reason) {
    events.add(1, Attributes.of(COLLECTOR, collector, OUTCOME, "rejected", REASON, reason));
  }

  void answered(int status, double millis) {
    Attributes a = Attributes.of(STATUS, (long) status);
    requests.add(1, a);
    duration.record(millis, a);
  }
}
