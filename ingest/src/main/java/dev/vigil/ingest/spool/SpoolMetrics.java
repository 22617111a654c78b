package dev.vigil.ingest.spool;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.util.List;

/** Spool and delivery metrics; attributes never carry payload values. */
final class SpoolMetrics implements AutoCloseable {
  static final String SCOPE = "dev.vigil.ingest";
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

  private final LongCounter appended;
  private final LongCounter duplicates;
  private final LongCounter delivered;
  private final LongCounter replayed;
  private final LongCounter rejectedFull;
  private final LongCounter sendFailures;
  private final LongCounter recoveries;
  private final List<ObservableLongGauge> gauges;

  SpoolMetrics(OpenTelemetry otel, Spool spool) {
    Meter meter = otel.getMeter(SCOPE);
    appended =
        meter
            .counterBuilder("vigil.ingest.spool.appended")
            .setDescription("Events appended to the spool (accepted, durable)")
            .build();
    duplicates =
        meter
            .counterBuilder("vigil.ingest.spool.duplicates")
            .setDescription("Events dropped because their event_id is already in the spool")
            .build();
    delivered =
        meter
            .counterBuilder("vigil.ingest.spool.delivered")
            .setDescription("Spooled events committed to Kafka")
            .build();
    replayed =
        meter
            .counterBuilder("vigil.ingest.spool.replayed")
            .setDescription(
                "Events delivered that were already spooled when the Kafka session started"
                    + " (backlog after an outage or a restart)")
            .build();
    rejectedFull =
        meter
            .counterBuilder("vigil.ingest.spool.rejected_full")
            .setDescription("Events rejected because the spool was full")
            .build();
    sendFailures =
        meter
            .counterBuilder("vigil.ingest.spool.send_failures")
            .setDescription("Failed Kafka sessions or transactions (retried)")
            .build();
    recoveries =
        meter
            .counterBuilder("vigil.ingest.spool.recoveries")
            .setDescription("In-doubt transactions resolved at session start, by outcome")
            .build();
    gauges =
        List.of(
            meter
                .gaugeBuilder("vigil.ingest.spool.depth.records")
                .ofLongs()
                .setDescription("Undelivered records in the spool")
                .buildWithCallback(m -> m.record(spool.depthRecords())),
            meter
                .gaugeBuilder("vigil.ingest.spool.depth.bytes")
                .ofLongs()
                .setUnit("By")
                .setDescription("Undelivered bytes in the spool")
                .buildWithCallback(m -> m.record(spool.depthBytes())),
            meter
                .gaugeBuilder("vigil.ingest.spool.max.bytes")
                .ofLongs()
                .setUnit("By")
                .setDescription("Spool capacity")
                .buildWithCallback(m -> m.record(spool.maxBytes())));
  }

  void appended(int n, int dups) {
    appended.add(n);
    if (dups > 0) {
      duplicates.add(dups);
    }
  }

  void delivered(long n, long replayedN) {
    delivered.add(n);
    if (replayedN > 0) {
      replayed.add(replayedN);
    }
  }

  void rejectedFull(int n) {
    rejectedFull.add(n);
  }

  void sendFailure() {
    sendFailures.add(1);
  }

  void recovery(CommitProbe.Outcome outcome) {
    recoveries.add(1, Attributes.of(OUTCOME, outcome.name().toLowerCase(java.util.Locale.ROOT)));
  }

  @Override
  public void close() {
    gauges.forEach(ObservableLongGauge::close);
  }
}
