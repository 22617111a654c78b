package dev.vigil.app.cli;

import dev.vigil.app.access.AccessRevoker;
import dev.vigil.app.components.AlertsComponent;
import dev.vigil.app.components.FailoverComponent;
import dev.vigil.app.components.IngestComponent;
import dev.vigil.app.components.OcsfComponent;
import dev.vigil.app.components.RedactionComponent;
import dev.vigil.app.runtime.ComponentFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The components {@code vigil run} starts, in order: the redactor, the failover correlator (idle
 * unless configured), the OCSF exporter, the alert dispatcher (idle without destinations), the
 * collectors, then (vigil run only: one writer of its audit chain per cluster) the break-glass
 * revoker.
 */
final class Components {
  private Components() {}

  /** Everything {@code vigil run} starts. */
  static List<ComponentFactory> all() {
    List<ComponentFactory> all = new ArrayList<>(streams());
    all.addAll(ingest());
    all.add(AccessRevoker.factory());
    return List.copyOf(all);
  }

  /** The collectors ({@code vigil ingest}). */
  static List<ComponentFactory> ingest() {
    return List.of(IngestComponent.factory());
  }

  /** The Kafka Streams apps and the alert dispatcher ({@code vigil streams}). */
  static List<ComponentFactory> streams() {
    return List.copyOf(streamsByName().values());
  }

  /** The components of {@code vigil streams} by their {@code --only} name, in start order. */
  static Map<String, ComponentFactory> streamsByName() {
    Map<String, ComponentFactory> byName = new LinkedHashMap<>();
    byName.put("redactor", RedactionComponent.factory());
    byName.put("correlator", FailoverComponent.factory());
    byName.put("ocsf", OcsfComponent.factory());
    byName.put("alerts", AlertsComponent.factory());
    return byName;
  }

  /**
   * The named components of {@code vigil streams} in start order; every one of them when {@code
   * only} is empty.
   */
  static List<ComponentFactory> streams(List<String> only) {
    Map<String, ComponentFactory> byName = streamsByName();
    if (only.isEmpty()) {
      return List.copyOf(byName.values());
    }
    for (String name : only) {
      if (!byName.containsKey(name)) {
        throw new IllegalArgumentException(
            "--only "
                + name
                + " is not a component of vigil streams (known: "
                + String.join(", ", byName.keySet())
                + ")");
      }
    }
    return byName.entrySet().stream()
        .filter(e -> only.contains(e.getKey()))
        .map(Map.Entry::getValue)
        .toList();
  }
}
