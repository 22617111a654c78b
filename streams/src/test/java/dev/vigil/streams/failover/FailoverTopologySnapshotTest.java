package dev.vigil.streams.failover;

import static dev.vigil.testkit.Snapshots.assertMatchesSnapshot;

import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.topology.FailoverTopology;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The correlator's {@code describe()} against a checked-in snapshot: node, store and internal topic
 * names (changelogs, the scope broadcast repartition topic, the audit repartition topic) are
 * deployed state, so they change only on purpose ({@code -Dvigil.snapshots.update=true}, then
 * review the diff).
 */
class FailoverTopologySnapshotTest {
  @Test
  void theCorrelatorsTopologyShouldKeepItsNodeStoreAndTopicNames() {
    var engine = new FailoverEngine(Harness.config(FailoverPolicy.defaults()));
    var registry = SchemaRegistryClients.create("mock://failover-snapshots", Map.of());
    assertMatchesSnapshot(
        "failover-topology.txt", FailoverTopology.build(engine, registry).describe().toString());
  }

  @Test
  void theTopologyShouldBeTheSameEveryTimeItIsBuilt() {
    var engine = new FailoverEngine(Harness.config(FailoverPolicy.defaults()));
    var registry = SchemaRegistryClients.create("mock://failover-snapshots-2", Map.of());
    String first = FailoverTopology.build(engine, registry).describe().toString();
    String second = FailoverTopology.build(engine, registry).describe().toString();
    org.assertj.core.api.Assertions.assertThat(second).isEqualTo(first);
  }
}
