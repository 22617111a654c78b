package dev.vigil.streams.ocsf;

import static dev.vigil.testkit.Snapshots.assertMatchesSnapshot;

import dev.vigil.schemas.registry.SchemaRegistryClients;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OCSF exporter's {@code describe()} against a checked-in snapshot (names are deployed state).
 */
class OcsfTopologySnapshotTest {
  @Test
  void theExportersTopologyShouldKeepItsNodeAndStoreNames() {
    var registry = SchemaRegistryClients.create("mock://ocsf-snapshots", Map.of());
    assertMatchesSnapshot(
        "ocsf-topology.txt",
        OcsfTopology.build(OcsfFixtures.MAPPER, registry, OcsfMetrics.NONE).describe().toString());
  }
}
