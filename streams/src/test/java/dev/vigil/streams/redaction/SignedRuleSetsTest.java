package dev.vigil.streams.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.redactionrules.RedactionMetrics;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.registry.InMemorySchemaRegistry;
import dev.vigil.schemas.signing.RuleSetSigning;
import dev.vigil.schemas.signing.SigningKey;
import dev.vigil.schemas.signing.TrustedKey;
import dev.vigil.schemas.signing.Verifier;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signed rule sets (issue 12): with {@code redaction.ruleKeys} the redactor takes a rule set from
 * {@code vigil.rules.v1} only when signed by a listed key, audits the key's owner as publisher, and
 * audits an unsigned or foreign one as rejected with its refusal, never using it.
 */
class SignedRuleSetsTest {
  private static final String SCOPE = "signed-rules-test";
  private static final SigningKey PUBLISHER = SigningKey.generate("secops-rules");
  private static final Verifier RULE_KEYS =
      new Verifier(Map.of("secops-rules", new TrustedKey("secops", PUBLISHER.publicKeyBase64())));

  @AfterEach
  void drop() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void shouldTakeOnlyRuleSetsSignedByAListedKey() {
    RuleSetHolder holder =
        new RuleSetHolder("vigil-default", Fixtures.KEYS, RedactionMetrics.NONE, RULE_KEYS);
    // Unsigned and foreign-signed versions are refused, the rules in force stay
    assertThat(holder.offer("t", Fixtures.defaultRules(2)))
        .isEqualTo(RuleSetHolder.Decision.UNSIGNED);
    assertThat(
            holder.offer(
                "t", RuleSetSigning.sign(Fixtures.defaultRules(3), SigningKey.generate("eve"))))
        .isEqualTo(RuleSetHolder.Decision.UNSIGNED);
    assertThat(holder.version()).isZero();
    // A signed one is taken
    assertThat(holder.offer("t", RuleSetSigning.sign(Fixtures.defaultRules(4), PUBLISHER)))
        .isEqualTo(RuleSetHolder.Decision.APPLIED);
    assertThat(holder.version()).isEqualTo(4);
    // An edit after signing is refused
    String edited =
        RuleSetSigning.sign(Fixtures.defaultRules(5), PUBLISHER)
            .replace("version: 5", "version: 6");
    assertThat(holder.offer("t", edited)).isEqualTo(RuleSetHolder.Decision.UNSIGNED);
    assertThat(holder.version()).isEqualTo(4);
  }

  @Test
  void shouldAuditTheKeysOwnerForASignedRuleSetAndTheRefusalForOthers() {
    try (RuleAuditDriver d =
        new RuleAuditDriver(
            "signed-rules-test",
            registry -> RuleAuditTopology.build(Fixtures.KEYS, RULE_KEYS, registry))) {
      var rules = d.rules;
      var audit = d.audit;
      RecordHeaders typed = RuleAuditDriver.actor("root");
      rules.pipeInput(
          new TestRecord<>(
              "vigil-default", RuleSetSigning.sign(Fixtures.defaultRules(2), PUBLISHER), typed));
      rules.pipeInput(new TestRecord<>("vigil-default", Fixtures.defaultRules(3), typed));
      rules.pipeInput(
          new TestRecord<>(
              "vigil-default",
              RuleSetSigning.sign(Fixtures.defaultRules(4), SigningKey.generate("eve")),
              typed));
      List<AuditRecord> records = audit.readValuesToList();
      assertThat(records)
          .extracting(AuditRecord::getAction)
          .containsExactly("rules.published", "rules.rejected", "rules.rejected");
      assertThat(records)
          .extracting(AuditRecord::getActor)
          .containsExactly("secops", RuleAuditProcessor.UNVERIFIED, RuleAuditProcessor.UNVERIFIED);
      assertThat(records.get(0).getDetails())
          .containsEntry("key_id", "secops-rules")
          .containsEntry("version", "2");
      assertThat(records.get(1).getDetails()).containsEntry("refusal", "UNSIGNED");
      assertThat(records.get(2).getDetails()).containsEntry("refusal", "UNKNOWN_KEY");
      assertThat(records.get(1).getPayloadJson()).isNull();
    }
  }

  @Test
  void shouldRefuseAndAuditAnOlderOrReplayedValidlySignedRuleSet() {
    RuleSetHolder holder =
        new RuleSetHolder("vigil-default", Fixtures.KEYS, RedactionMetrics.NONE, RULE_KEYS);
    String v3 = RuleSetSigning.sign(Fixtures.defaultRules(3), PUBLISHER);
    String v5 = RuleSetSigning.sign(Fixtures.defaultRules(5), PUBLISHER);
    try (RuleAuditDriver d =
        new RuleAuditDriver(
            "signed-rules-downgrade-test",
            registry -> RuleAuditTopology.build(Fixtures.KEYS, RULE_KEYS, registry))) {
      var rules = d.rules;
      var audit = d.audit;
      // Given v3 then v5, both validly signed and accepted
      for (String published : List.of(v3, v5)) {
        rules.pipeInput("vigil-default", published);
        assertThat(holder.offer("t", published)).isEqualTo(RuleSetHolder.Decision.APPLIED);
      }
      // When the old v3 is published again (a downgrade), and v5 again (a replay)
      rules.pipeInput("vigil-default", v3);
      rules.pipeInput("vigil-default", v5);
      // Then the redactor keeps v5 and the trail records both as refused, with the reason
      assertThat(holder.offer("t", v3)).isEqualTo(RuleSetHolder.Decision.STALE);
      assertThat(holder.offer("t", v5)).isEqualTo(RuleSetHolder.Decision.STALE);
      assertThat(holder.version()).isEqualTo(5);
      List<AuditRecord> records = audit.readValuesToList();
      assertThat(records)
          .extracting(AuditRecord::getAction)
          .containsExactly(
              "rules.published", "rules.published", "rules.rejected", "rules.rejected");
      assertThat(records.get(2).getDetails())
          .containsEntry("refusal", "DOWNGRADE")
          .containsEntry("version", "3")
          .containsEntry("accepted_version", "5");
      assertThat(records.get(3).getDetails())
          .containsEntry("refusal", "REPLAYED")
          .containsEntry("accepted_version", "5");
      assertThat(records.get(0).getDetails()).containsKeys("nonce", "issued_at");
      assertThat(records.get(0).getDetails().get("nonce"))
          .isNotEqualTo(records.get(1).getDetails().get("nonce"));
    }
  }
}
