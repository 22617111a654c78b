package dev.vigil.streams.audit;

import java.time.Duration;
import java.util.Objects;

/**
 * How a chain writer keys its records and how often it checkpoints (config {@code
 * audit.checkpointInterval}).
 *
 * @param keys the audit keys (MAC and checkpoint signing)
 * @param checkpointInterval how often a writer appends a signed checkpoint when its chain moved
 */
public record AuditWriting(AuditKeys keys, Duration checkpointInterval) {
  /** Default {@code audit.checkpointInterval}. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(1);

  public AuditWriting {
    Objects.requireNonNull(keys, "keys");
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("audit.checkpointInterval must be positive");
    }
  }

  /**
   * Fresh in-memory keys nobody else has: for tests and benchmarks whose chains are not verified
   * with the keys later. Components of {@code vigil run} use the keys in the data dir.
   */
  public static AuditWriting ephemeral() {
    return new AuditWriting(AuditKeys.generate(), DEFAULT_CHECKPOINT_INTERVAL);
  }
}
