package dev.vigil.streams.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.registry.InMemorySchemaRegistry;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.AuditKeys;
import dev.vigil.streams.audit.AuditVerifier;
import dev.vigil.streams.audit.AuditWriting;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RuleAuditTopologyTest {
  private static final String SCOPE = "rule-audit-test";

  @AfterEach
  void drop() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void shouldChainEveryRuleChangeWithItsVersionHashAndPublisher() {
    // Given the rule audit topology
    try (RuleAuditDriver d =
        new RuleAuditDriver(
            "rule-audit-test", registry -> RuleAuditTopology.build(Fixtures.KEYS, registry))) {
      var rules = d.rules;
      var audit = d.audit;
      RecordHeaders by = RuleAuditDriver.actor("alice@secops");
      // When a valid version, a broken text and a tombstone are published
      rules.pipeInput(new TestRecord<>("vigil-default", Fixtures.defaultRules(2), by));
      rules.pipeInput("vigil-default", "ruleset: vigil-default\nversion: 3\nunknown: 1\n");
      rules.pipeInput("vigil-default", (String) null);
      // Then each is one link of the redactor chain, and the chain verifies
      List<AuditRecord> records = audit.readValuesToList();
      assertThat(records)
          .extracting(AuditRecord::getAction)
          .containsExactly("rules.published", "rules.rejected", "rules.deleted");
      assertThat(records).extracting(AuditRecord::getChain).containsOnly("redactor");
      assertThat(records.get(0).getActor()).isEqualTo("alice@secops");
      assertThat(records.get(0).getDetails())
          .containsEntry("version", "2")
          .containsEntry("ruleset", "vigil-default")
          .containsKey("sha256");
      assertThat(records.get(1).getDetails()).containsEntry("error", "RuleSetException");
      assertThat(records).extracting(AuditRecord::getSeq).containsExactly(0L, 1L, 2L);
      assertThat(AuditChain.verifyAll(records).get("redactor").ok()).isTrue();
    }
  }

  @Test
  void shouldKeyEveryRecordAndAppendASignedCheckpointWhenTheIntervalPassedAndTheChainMoved() {
    // Given the rule audit topology with audit keys and a 1-minute checkpoint interval
    AuditKeys keys = AuditKeys.generate();
    try (RuleAuditDriver d =
        new RuleAuditDriver(
            "rule-audit-test",
            registry ->
                RuleAuditTopology.build(
                    Fixtures.KEYS, registry, new AuditWriting(keys, Duration.ofMinutes(1))))) {
      var rules = d.rules;
      var audit = d.audit;
      var driver = d.driver;
      // When a rule set is published and a minute passes twice, the second time with no change
      rules.pipeInput("vigil-default", Fixtures.defaultRules(2));
      driver.advanceWallClockTime(Duration.ofMinutes(1));
      driver.advanceWallClockTime(Duration.ofMinutes(1));
      // Then the record is keyed and followed by exactly one checkpoint naming it, all verifying
      List<AuditRecord> records = audit.readValuesToList();
      assertThat(records)
          .extracting(AuditRecord::getAction)
          .containsExactly("rules.published", "checkpoint");
      assertThat(records).allSatisfy(r -> assertThat(r.getKeyId()).isEqualTo(keys.macKeyId()));
      assertThat(records.get(1).getDetails())
          .containsEntry("head_seq", "0")
          .containsEntry("head_hash", records.get(0).getHash())
          .containsEntry("reason", "interval");
      AuditVerifier.ChainReport report =
          new AuditVerifier(keys).verify("redactor", records, Optional.empty());
      assertThat(report.ok()).isTrue();
      assertThat(report.latestCheckpoint()).map(AuditVerifier.Checkpoint::headSeq).contains(0L);
    }
  }
}
