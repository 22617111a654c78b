package dev.vigil.streams.failover;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the correlator did with an operator command, as written in the command's audit record:
 * details key {@value #AUDIT_KEY} holds the verdict's name, {@value #TEXT_KEY} the human-readable
 * outcome ({@code "applied: INTRUSION waived on dr until …"}). Readers ({@code vigil operator},
 * metrics, the demo) use the verdict, never the text.
 */
public enum CommandVerdict {
  /** The command took effect. */
  APPLIED,
  /** Nothing to do (e.g. ABORT without an open incident); no state changed. */
  IGNORED,
  /** Refused (too old, from the future, a waiver too long, no gate named). */
  REJECTED,
  /** Waiting for a second, different operator (two-person rule). */
  PENDING;

  /** Details key of the verdict in a {@code command} audit record. */
  public static final String AUDIT_KEY = "verdict";

  /** Details key of the human-readable outcome in a {@code command} audit record. */
  public static final String TEXT_KEY = "outcome";

  /**
   * The verdict of a {@code command} audit record's details; records written before the verdict had
   * its own key are read from the outcome text's prefix. Empty when neither says.
   */
  public static Optional<CommandVerdict> of(Map<String, String> details) {
    String name = details.get(AUDIT_KEY);
    if (name != null) {
      try {
        return Optional.of(valueOf(name));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    String text = details.getOrDefault(TEXT_KEY, "");
    for (CommandVerdict v : values()) {
      if (text.startsWith(v.label() + ":")) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** Lower-case label that starts the outcome text, e.g. {@code applied}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
