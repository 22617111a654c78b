package dev.vigil.streams.redaction;

import static dev.vigil.testkit.Snapshots.assertMatchesSnapshot;

import dev.vigil.redactionrules.RedactionMetrics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The redaction topologies' {@code describe()} against checked-in snapshots: node, store and
 * internal topic names are deployed state, so they change only on purpose ({@code
 * -Dvigil.snapshots.update=true}, then review the diff).
 */
class RedactionTopologySnapshotTest {
  private static final SchemaRegistryClient REGISTRY =
      SchemaRegistryClients.create("mock://redaction-snapshots", Map.of());

  @Test
  void theRedactorsTopologyShouldKeepItsNodeAndStoreNames() {
    RuleSetHolder rules = new RuleSetHolder("vigil-default", Fixtures.KEYS, RedactionMetrics.NONE);
    assertMatchesSnapshot(
        "redaction-topology.txt",
        RedactionTopology.build(rules, REGISTRY, (topic, stage) -> {}).describe().toString());
  }

  @Test
  void theRuleAuditTopologyShouldKeepItsNodeAndStoreNames() {
    assertMatchesSnapshot(
        "rule-audit-topology.txt",
        RuleAuditTopology.build(Fixtures.KEYS, REGISTRY).describe().toString());
  }
}
