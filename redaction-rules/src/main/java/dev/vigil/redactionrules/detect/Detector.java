package dev.vigil.redactionrules.detect;

import java.util.List;

/**
 * Finds sensitive substrings in free text. Implementations are immutable, thread-safe and run in
 * time linear in the input (RE2/J patterns plus plain code).
 */
public interface Detector {
  /** Type name as used in rule files, e.g. {@code email}; also the span type. */
  String type();

  /** Overlap priority: a higher value wins; ties go to the longer, then the earlier span. */
  int priority();

  /** Cheap pre-check on a character profile; {@code false} means {@link #find} finds nothing. */
  default boolean mayMatch(TextProfile profile) {
    return true;
  }

  /** Appends every span found in {@code text} to {@code out} (overlaps allowed). */
  void find(String text, List<Span> out);
}
