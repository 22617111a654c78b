package dev.vigil.streams.redaction;

import dev.vigil.redactionrules.RedactionMetrics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * Binds the engine's counters and the quarantine to OpenTelemetry. Attributes are rule vocabulary
 * only (kind, detector, operator, stage, topic), never record values.
 */
public final class OtelRedactionMetrics
    implements RedactionMetrics, RedactProcessor.QuarantineCounter {
  private static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");
  private static final AttributeKey<String> DETECTOR = AttributeKey.stringKey("detector");
  private static final AttributeKey<String> OPERATOR = AttributeKey.stringKey("operator");
  private static final AttributeKey<String> STAGE = AttributeKey.stringKey("stage");
  private static final AttributeKey<String> TOPIC = AttributeKey.stringKey("topic");

  private final LongCounter redacted;
  private final LongCounter detectorHits;
  private final LongCounter operators;
  private final LongCounter failures;
  private final LongCounter quarantined;

  private final Meter meter;

  public OtelRedactionMetrics(OpenTelemetry otel) {
    meter = otel.getMeter("vigil.redaction");
    redacted =
        meter.counterBuilder("vigil.redaction.events").setDescription("events redacted").build();
    detectorHits =
        meter
            .counterBuilder("vigil.redaction.detector.hits")
            .setDescription("spans replaced")
            .build();
    operators =
        meter
            .counterBuilder("vigil.redaction.operator.applied")
            .setDescription("operator uses")
            .build();
    failures =
        meter
            .counterBuilder("vigil.redaction.failures")
            .setDescription("events that failed")
            .build();
    quarantined =
        meter
            .counterBuilder("vigil.redaction.quarantined")
            .setDescription("records sent to the quarantine")
            .build();
  }

  /** Publishes the version in force as a gauge. */
  public void observe(RuleSetHolder holder) {
    meter
        .gaugeBuilder("vigil.redaction.ruleset.version")
        .ofLongs()
        .setDescription("rule-set version in force (0 = none: everything is quarantined)")
        .buildWithCallback(m -> m.record(holder.version()));
  }

  @Override
  public void redacted(String kind) {
    redacted.add(1, Attributes.of(KIND, kind));
  }

  @Override
  public void detectorHits(String kind, String detector, int count) {
    detectorHits.add(count, Attributes.of(KIND, kind, DETECTOR, detector));
  }

  @Override
  public void operatorApplied(String kind, String operator, int count) {
    operators.add(count, Attributes.of(KIND, kind, OPERATOR, operator));
  }

  @Override
  public void failed(String kind, String stage, String errorClass) {
    failures.add(1, Attributes.of(KIND, kind, STAGE, stage));
  }

  @Override
  public void quarantined(String sourceTopic, String stage) {
    quarantined.add(1, Attributes.of(TOPIC, sourceTopic, STAGE, stage));
  }
}
