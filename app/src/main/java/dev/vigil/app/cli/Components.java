package dev.vigil.app.cli;

import dev.vigil.app.access.AccessRevoker;
import dev.vigil.app.components.AlertsComponent;
import dev.vigil.app.components.FailoverComponent;
import dev.vigil.app.components.IngestComponent;
import dev.vigil.app.components.OcsfComponent;
import dev.vigil.app.components.RedactionComponent;
import dev.vigil.app.runtime.ComponentFactory;
import java.util.ArrayList;
import java.util.List;

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
    return List.of(
        RedactionComponent.factory(),
        FailoverComponent.factory(),
        OcsfComponent.factory(),
        AlertsComponent.factory());
  }
}
