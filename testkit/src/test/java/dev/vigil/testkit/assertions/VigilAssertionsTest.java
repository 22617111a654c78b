package dev.vigil.testkit.assertions;

import static dev.vigil.testkit.assertions.VigilAssertions.assertThat;
import static dev.vigil.testkit.assertions.VigilAssertions.assertThatThrownBy;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.TriggerStage;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VigilAssertionsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  @Test
  void shouldPassOnATriggerThatMatchesAndNameTheTriggerWhenOneDoesNot() {
    FailoverTrigger blocked = trigger(TriggerStage.BLOCKED, GateName.INTRUSION);

    assertThat(blocked)
        .hasStage(TriggerStage.BLOCKED)
        .forService("payments")
        .movesTraffic("primary", "dr")
        .isBlockedOnlyBy(GateName.INTRUSION)
        .hasGateReasonContaining(GateName.INTRUSION, "reason of INTRUSION");
    assertThat(trigger(TriggerStage.PREPARE)).passesAllGates();

    assertThatThrownBy(() -> assertThat(blocked).hasStage(TriggerStage.PREPARE))
        .hasMessageContaining(
            "Expected trigger trg-1 (BLOCKED, payments) to be PREPARE but was BLOCKED");
    assertThatThrownBy(() -> assertThat(blocked).passesAllGates())
        .hasMessageContaining("failed [INTRUSION]");
    assertThatThrownBy(() -> assertThat(blocked).isBlockedOnlyBy(GateName.DRIFT))
        .hasMessageContaining("to fail exactly gates [DRIFT] but it failed [INTRUSION]");
    assertThatThrownBy(() -> assertThat(blocked).movesTraffic("dr", "primary"))
        .hasMessageContaining("it moves primary -> dr");
  }

  @Test
  void shouldPassOnAnAlertThatMatchesAndNameTheAlertWhenOneDoesNot() {
    Alert alert =
        Alert.newBuilder()
            .setAlertId("a-1")
            .setDedupKey("payments/blocked")
            .setAction(AlertAction.TRIGGER)
            .setSeverity(AlertSeverity.SEV1)
            .setService("payments")
            .setSite("dr")
            .setSummary("payments failover blocked: INTRUSION")
            .setEvidence(List.of("e-1", "e-2"))
            .setDetails(Map.of())
            .setCreatedAt(T0)
            .build();

    assertThat(alert)
        .isTrigger()
        .hasSeverity(AlertSeverity.SEV1)
        .atSite("dr")
        .hasEvidence(List.of("e-2", "e-1"))
        .hasSummaryContaining("blocked: INTRUSION");

    assertThatThrownBy(() -> assertThat(alert).isResolve())
        .hasMessageContaining("Expected alert payments/blocked (TRIGGER) to RESOLVE");
    assertThatThrownBy(() -> assertThat(alert).hasEvidence(List.of("e-1")))
        .hasMessageContaining("to cite evidence [e-1] but it cited [e-1, e-2]");
  }

  @Test
  void shouldNameAnAuditRecordByChainAndSeqAndNeverPrintItsPayload() {
    AuditRecord record =
        AuditRecord.newBuilder()
            .setSeq(7)
            .setRecordId("r-7")
            .setOccurredAt(T0)
            .setActor("ops-bob")
            .setAction("keys.created")
            .setSubject("site-keys")
            .setDetails(Map.of("reason", "case 42"))
            .setPayloadJson("{\"secret\":\"do-not-print\"}")
            .setPrevHash("00")
            .setHash("11")
            .setChain("keys")
            .setKeyId(null)
            .setMac(null)
            .build();

    assertThat(record).hasAction("keys.created").byActor("ops-bob").hasDetail("reason", "case 42");

    assertThatThrownBy(() -> assertThat(record).isKeyed())
        .hasMessageContaining("Expected audit record keys#7 (keys.created) to be keyed")
        .hasMessageNotContaining("do-not-print");
    assertThatThrownBy(() -> assertThat(record).byActor("mallory"))
        .hasMessageContaining("by <mallory> but it names <ops-bob>")
        .hasMessageNotContaining("do-not-print");
  }

  private static FailoverTrigger trigger(TriggerStage stage, GateName... failing) {
    List<GateResult> gates =
        Arrays.stream(GateName.values())
            .map(
                g ->
                    GateResult.newBuilder()
                        .setGate(g)
                        .setPassed(!Arrays.asList(failing).contains(g))
                        .setWaived(false)
                        .setReason("reason of " + g)
                        .setEvidenceEventIds(List.of())
                        .build())
            .toList();
    return FailoverTrigger.newBuilder()
        .setTriggerId("trg-1")
        .setIncidentId("inc-1")
        .setService("payments")
        .setFromSite("primary")
        .setToSite("dr")
        .setStage(stage)
        .setStep(0)
        .setTrafficPercent(0)
        .setGates(gates)
        .setReason("test")
        .setIssuedAt(T0)
        .setValidUntil(T0.plusSeconds(300))
        .setConfigVersion("v1")
        .build();
  }
}
