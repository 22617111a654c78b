package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.TriggerStage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * {@link FailoverMetrics} on OpenTelemetry. Attributes are stage, gate, event and topic names only.
 */
public final class OtelFailoverMetrics implements FailoverMetrics {
  private static final AttributeKey<String> STAGE = AttributeKey.stringKey("stage");
  private static final AttributeKey<String> GATE = AttributeKey.stringKey("gate");
  private static final AttributeKey<String> EVENT = AttributeKey.stringKey("event");
  private static final AttributeKey<String> TOPIC = AttributeKey.stringKey("topic");
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

  private final DoubleHistogram detection;
  private final LongCounter transitions;
  private final LongCounter gateFailures;
  private final LongCounter waivers;
  private final LongCounter unhandled;
  private final LongCounter quarantined;
  private final LongCounter dropped;
  private final LongCounter evictions;
  private final DoubleHistogram tickDuration;
  private final LongCounter tickVisits;
  private final Meter meter;

  public OtelFailoverMetrics(OpenTelemetry otel) {
    meter = otel.getMeter("vigil.failover");
    detection =
        meter
            .histogramBuilder("vigil.failover.detection.latency")
            .setUnit("ms")
            .setDescription(
                "threshold-crossing event's ingest timestamp to the incident's first trigger")
            .build();
    transitions =
        meter
            .counterBuilder("vigil.failover.transitions")
            .setDescription("triggers emitted, by stage")
            .build();
    gateFailures =
        meter
            .counterBuilder("vigil.failover.gate.failures")
            .setDescription("failing gates carried by triggers, by gate")
            .build();
    waivers =
        meter
            .counterBuilder("vigil.failover.waivers")
            .setDescription("waivers granted, rejected, revoked or expired")
            .build();
    unhandled =
        meter
            .counterBuilder("vigil.failover.unhandled")
            .setDescription("inputs skipped because their service is not configured")
            .build();
    quarantined =
        meter
            .counterBuilder("vigil.failover.quarantined")
            .setDescription(
                "inputs sent to the quarantine (undecodable, future-dated, contradictory scope),"
                    + " by source topic and stage")
            .build();
    dropped =
        meter
            .counterBuilder("vigil.failover.dropped")
            .setDescription("decoded inputs not applied, by source topic and reason (too_old)")
            .build();
    evictions =
        meter
            .counterBuilder("vigil.failover.live_cache.evictions")
            .setDescription("decoded service states evicted from the bounded live cache (LRU)")
            .build();
    tickDuration =
        meter
            .histogramBuilder("vigil.failover.tick.duration")
            .setUnit("ms")
            .setDescription("wall-clock time of one tick over the services with a deadline due")
            .build();
    tickVisits =
        meter
            .counterBuilder("vigil.failover.tick.visits")
            .setDescription("services decided by ticks (those with a deadline due)")
            .build();
  }

  @Override
  public void liveCacheEvicted() {
    evictions.add(1);
  }

  @Override
  public void ticked(int services, long nanos) {
    tickDuration.record(nanos / 1e6);
    tickVisits.add(services);
  }

  @Override
  public void dropped(String sourceTopic, String reason) {
    dropped.add(1, Attributes.of(TOPIC, sourceTopic, REASON, reason));
  }

  @Override
  public void maxClockSkew(long millis) {
    meter
        .gaugeBuilder("vigil.failover.clock_skew.max")
        .ofLongs()
        .setUnit("ms")
        .setDescription("accepted clock skew: inputs dated further ahead are quarantined")
        .buildWithCallback(m -> m.record(millis));
  }

  @Override
  public void detected(TriggerStage stage, long latencyMs) {
    detection.record(latencyMs, Attributes.of(STAGE, stage.name()));
  }

  @Override
  public void transition(TriggerStage stage) {
    transitions.add(1, Attributes.of(STAGE, stage.name()));
  }

  @Override
  public void gateFailed(GateName gate) {
    gateFailures.add(1, Attributes.of(GATE, gate.name()));
  }

  @Override
  public void waiver(String event) {
    waivers.add(1, Attributes.of(EVENT, event));
  }

  @Override
  public void unhandled() {
    unhandled.add(1);
  }

  @Override
  public void quarantined(String sourceTopic, String stage) {
    quarantined.add(1, Attributes.of(TOPIC, sourceTopic, STAGE, stage));
  }
}
