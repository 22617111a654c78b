package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.TriggerStage;
import java.util.Optional;

/**
 * Where an incident moved, as written in a {@code transition} audit record's {@code to} detail. A
 * SHIFT carries its step: the detail reads {@code SHIFT 2}, the same text as before this enum.
 */
public enum Transition {
  /** Gates passed; the target prepares. */
  PREPARE,
  /** Traffic moved by one more step. */
  SHIFT,
  /** All traffic on the target; the incident ends. */
  COMPLETE,
  /** Gates fail on the target; nothing moves until they pass or a waiver lets them. */
  BLOCKED,
  /** The target became unfit mid-incident; traffic stays where it is. */
  HOLD,
  /** The target is healthy and gated again after a hold; the dwell restarts. */
  HOLD_CLEARED,
  /** The next step waits for an operator's APPROVE. */
  AWAITING_APPROVAL,
  /** An operator or the correlator aborted the incident; traffic back to the source. */
  ABORT,
  /** The incident was rolled back; traffic back to the source. */
  ROLLBACK;

  /** Details key of the transition in a {@code transition} audit record. */
  public static final String AUDIT_KEY = "to";

  /** The text of the {@code to} detail; {@code step} is only used by {@link #SHIFT}. */
  public String label(int step) {
    return this == SHIFT ? "SHIFT " + step : name();
  }

  /** The transition an ending trigger stage (ABORT, ROLLBACK) stands for. */
  static Transition ending(TriggerStage stage) {
    return switch (stage) {
      case ABORT -> ABORT;
      case ROLLBACK -> ROLLBACK;
      default -> throw new IllegalArgumentException("not an ending stage: " + stage);
    };
  }

  /** The transition named by a {@code to} detail, or empty if this version does not know it. */
  public static Optional<Transition> of(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String name = label.startsWith("SHIFT ") ? "SHIFT" : label;
    for (Transition t : values()) {
      if (t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
