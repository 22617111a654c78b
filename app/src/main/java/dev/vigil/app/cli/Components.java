package dev.vigil.app.cli;

import dev.vigil.app.runtime.ComponentFactory;
import java.util.List;

/**
 * The components {@code vigil run} starts, in order. The redaction and failover Streams apps and
 * the collectors join this list as they are built; until then {@code run} serves the platform and
 * the catalogue only.
 */
final class Components {
  private Components() {}

  static List<ComponentFactory> all() {
    return List.of();
  }
}
