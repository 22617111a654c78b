package dev.vigil.schemas.registry;

import java.util.List;

/**
 * The answer of a compatibility test. {@code messages} may be empty even when incompatible:
 * Apicurio sends none (at most a {@code reason}).
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

  public CompatibilityResult {
    messages = List.copyOf(messages);
  }

  static CompatibilityResult ok() {
    return new CompatibilityResult(true, List.of());
  }
}
