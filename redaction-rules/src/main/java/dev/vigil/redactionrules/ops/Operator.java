package dev.vigil.redactionrules.ops;

import dev.vigil.redactionrules.keys.KeyException;
import java.security.GeneralSecurityException;

/**
 * Transforms one sensitive value: a whole field (field rules) or one detected span (scan rules).
 * Immutable and thread-safe.
 */
public interface Operator {
  /** Rule-file name, e.g. {@code pseudonym}. */
  String name();

  /**
   * The replacement of {@code value}; {@code type} is the detector type for spans or {@code
   * redacted} for field rules (used by {@code redact} for its default tag).
   */
  String apply(String value, String type) throws KeyException, GeneralSecurityException;

  /** Field rules: remove the value (null, empty string or map entry removed). */
  default boolean drops() {
    return false;
  }

  /** Field rules: leave the value as is and do not scan it. */
  default boolean keeps() {
    return false;
  }
}
