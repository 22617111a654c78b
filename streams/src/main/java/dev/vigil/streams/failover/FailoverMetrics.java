package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.TriggerStage;

/**
 * What the failover topology counts. Attributes are vocabulary only (stage, gate, event), never
 * record values; services are not attributes either (cardinality and confidentiality).
 */
public interface FailoverMetrics {
  /** Metrics that go nowhere (tests). */
  FailoverMetrics NONE = new FailoverMetrics() {};

  /**
   * An incident's first trigger (PREPARE or BLOCKED) left the engine; {@code latencyMs} runs from
   * the Kafka timestamp of the threshold-crossing event (its ingest time) to the wall clock of the
   * decision (the trigger is committed with the same transaction, within commit.interval.ms).
   */
  default void detected(TriggerStage stage, long latencyMs) {}

  /** A trigger of {@code stage} was emitted. */
  default void transition(TriggerStage stage) {}

  /** A trigger carried a failing gate. */
  default void gateFailed(GateName gate) {}

  /** A waiver event: {@code granted}, {@code rejected}, {@code revoked} or {@code expired}. */
  default void waiver(String event) {}

  /** An input for a service the config does not name was skipped. */
  default void unhandled() {}

  /**
   * A record of {@code sourceTopic} failed at {@code stage} ({@code decode}; {@code clock} when
   * dated beyond the allowed clock skew; {@code scope} when its scope fields contradict each other)
   * and went to the quarantine.
   */
  default void quarantined(String sourceTopic, String stage) {}

  /**
   * A decoded input was not applied: {@code reason} = {@code too_old} (probe beyond staleTimeout).
   */
  default void dropped(String sourceTopic, String reason) {}

  /** A decoded service state was evicted from the bounded live cache ({@code liveCacheSize}). */
  default void liveCacheEvicted() {}

  /** A tick visited {@code services} services (those with a deadline due) in {@code nanos}. */
  default void ticked(int services, long nanos) {}

  /** The accepted clock skew ({@code failover.maxClockSkew}), reported once at build. */
  default void maxClockSkew(long millis) {}
}
