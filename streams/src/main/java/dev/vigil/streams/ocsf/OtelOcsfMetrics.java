package dev.vigil.streams.ocsf;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/** {@link OcsfMetrics} on OpenTelemetry: {@code vigil.ocsf.exported|skipped|quarantined}. */
public final class OtelOcsfMetrics implements OcsfMetrics {
  private static final AttributeKey<Long> CLASS_UID = AttributeKey.longKey("class_uid");
  private static final AttributeKey<String> TOPIC = AttributeKey.stringKey("topic");
  private static final AttributeKey<String> STAGE = AttributeKey.stringKey("stage");

  private final LongCounter exported;
  private final LongCounter skipped;
  private final LongCounter quarantined;

  public OtelOcsfMetrics(OpenTelemetry otel) {
    Meter meter = otel.getMeter("vigil.ocsf");
    exported =
        meter.counterBuilder("vigil.ocsf.exported").setDescription("OCSF events written").build();
    skipped =
        meter
            .counterBuilder("vigil.ocsf.skipped")
            .setDescription("input records with no OCSF event (e.g. audit transitions)")
            .build();
    quarantined =
        meter
            .counterBuilder("vigil.ocsf.quarantined")
            .setDescription("input records sent to the quarantine instead of the export")
            .build();
  }

  @Override
  public void exported(OcsfClass ocsfClass) {
    exported.add(1, Attributes.of(CLASS_UID, (long) ocsfClass.uid()));
  }

  @Override
  public void skipped(String topic) {
    skipped.add(1, Attributes.of(TOPIC, topic));
  }

  @Override
  public void quarantined(String topic, String stage) {
    quarantined.add(1, Attributes.of(TOPIC, topic, STAGE, stage));
  }
}
