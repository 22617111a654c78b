package dev.vigil.streams.failover;

import static dev.vigil.streams.failover.Harness.DR;
import static dev.vigil.streams.failover.Harness.PRIMARY;
import static dev.vigil.streams.failover.Harness.key;
import static dev.vigil.testkit.assertions.VigilAssertions.assertThat;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverPhase;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditEntry;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each posture gate blocks a failover on its own, with evidence; waivers lift it for a while. */
class GatesAndWaiversTest {

  /**
   * Spoils dr's posture with {@code spoil} (returning the expected evidence), then fails primary.
   */
  private static Harness blockedBy(Function<Harness, List<String>> spoil, GateName gate) {
    Harness h = Harness.standard().steady();
    List<String> evidence = spoil.apply(h);
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    assertThat(h.stages()).containsExactly("BLOCKED:0");
    assertThat(h.state.phase()).isEqualTo(FailoverPhase.BLOCKED);
    assertThat(h.lastTrigger()).hasStage(TriggerStage.BLOCKED).isBlockedOnlyBy(gate);
    Alert alert = h.alerts(key("blocked")).get(0);
    assertThat(alert)
        .isTrigger()
        .hasSeverity(AlertSeverity.SEV1)
        .atSite(DR)
        .hasEvidence(evidence)
        .hasSummaryContaining("blocked: " + gate);
    assertThat(alert.getDetails()).containsKey("gate." + gate);
    return h;
  }

  @Test
  void shouldNotPublishANewSnapshotWhenOnlyTheClockMoves() {
    // Given a steady service whose every gate passes on evidence (certificate, keys, heartbeat)
    Harness h = Harness.standard().steady();
    assertThat(h.last.state().health(DR).name()).isEqualTo("UP");
    int before = h.snapshots.size();
    // When passing probes keep coming while the clock moves, without heartbeats (a new heartbeat
    // is new evidence and rightly a new snapshot)
    for (int i = 0; i < 30; i++) {
      h.now = h.now.plusMillis(700);
      h.send(h.probe(PRIMARY, "v1", CheckStatus.PASS));
      h.send(h.probe(DR, "v2", CheckStatus.PASS));
    }
    // Then the gates read the same (no text with the time in it) and no snapshot is published
    assertThat(h.snapshots).hasSize(before);
    assertThat(h.engine.onTick(h.state, h.now).snapshot()).isEmpty();
  }

  @Test
  void shouldBlockOnOpenDriftViolation() {
    blockedBy(
        h -> {
          var f =
              h.finding(DR, PostureCheck.DRIFT, FindingStatus.VIOLATION, Severity.HIGH, "ssh-root");
          h.send(f);
          return List.of(f.getEventId().toString());
        },
        GateName.DRIFT);
  }

  @Test
  void shouldBlockOnStaleIdsHeartbeat() {
    Harness h =
        blockedBy(
            x -> {
              x.heartbeats.put(DR, false);
              x.now = x.now.plusMillis(1);
              var hb =
                  x.finding(DR, PostureCheck.IDS_HEARTBEAT, FindingStatus.OK, Severity.INFO, "ids");
              x.send(hb);
              x.advance(Duration.ofMinutes(6));
              return List.of(hb.getEventId().toString());
            },
            GateName.IDS_HEARTBEAT);
    assertThat(h.lastTrigger())
        .hasGateReasonContaining(GateName.IDS_HEARTBEAT, "is older than PT5M");
    assertThat(h.lastTrigger().getGates().get(1).getEvidenceEventIds()).hasSize(1);
  }

  @Test
  void shouldBlockOnCertificateExpiringWithinMargin() {
    blockedBy(
        h -> {
          var c = h.cert(DR, "tls-main", h.now.plus(Duration.ofDays(3)), "AA:BB");
          h.send(c);
          return List.of(c.getEventId().toString());
        },
        GateName.CERTIFICATE);
  }

  @Test
  void shouldBlockOnKeyVersionOutOfSync() {
    Harness h = Harness.standard().steady();
    var stale = h.key(DR, "k1", "6");
    h.send(stale);
    var primaryKey = h.key(PRIMARY, "k1", "7");
    h.send(primaryKey);
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    assertThat(h.stages()).containsExactly("BLOCKED:0");
    assertThat(h.alerts(key("blocked")).get(0).getEvidence())
        .containsExactlyInAnyOrder(
            stale.getEventId().toString(), primaryKey.getEventId().toString());
    assertThat(h.alerts(key("blocked")).get(0).getSummary()).contains("KEY_SYNC");
  }

  @Test
  void shouldHoldAFailoverWhenTheStandbysKeysetFingerprintDiffersFromTheActiveSites() {
    // Given both sites reporting keyset vigil-pseudonym with the same primary key id but
    // different fingerprints (the standby generated its own keyset)
    Harness h = Harness.standard().steady();
    var standby = h.keyset(DR, "redaction/vigil-pseudonym", "1a2b3c4d", "sha256:" + "0".repeat(64));
    h.send(standby);
    var active =
        h.keyset(PRIMARY, "redaction/vigil-pseudonym", "1a2b3c4d", "sha256:" + "1".repeat(64));
    h.send(active);

    // When the active site fails
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));

    // Then the failover is blocked by KEY_SYNC, naming the fingerprint, with both reports as
    // evidence
    assertThat(h.stages()).containsExactly("BLOCKED:0");
    var gate =
        h.lastTrigger().getGates().stream()
            .filter(g -> g.getGate() == GateName.KEY_SYNC)
            .findFirst()
            .orElseThrow();
    assertThat(gate.getPassed()).isFalse();
    assertThat(gate.getReason())
        .contains("redaction/vigil-pseudonym keyset fingerprint differs between sites");
    assertThat(gate.getEvidenceEventIds())
        .containsExactlyInAnyOrder(standby.getEventId().toString(), active.getEventId().toString());
  }

  @Test
  void shouldPassKeySyncWhenBothSitesReportTheSameKeysetFingerprint() {
    Harness h = Harness.standard().steady();
    String fp = "sha256:" + "2".repeat(64);
    h.send(h.keyset(DR, "redaction/vigil-pseudonym", "1a2b3c4d", fp));
    h.send(h.keyset(PRIMARY, "redaction/vigil-pseudonym", "1a2b3c4d", fp));
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    assertThat(
            h.lastTrigger().getGates().stream()
                .filter(g -> g.getGate() == GateName.KEY_SYNC)
                .findFirst()
                .orElseThrow()
                .getPassed())
        .isTrue();
  }

  @Test
  void shouldBlockOnIntrusionSignalOnTarget() {
    blockedBy(
        h -> {
          var s = h.signal(DR, Severity.HIGH);
          h.send(s);
          h.send(h.signal(DR, Severity.MEDIUM)); // below the threshold: no evidence
          return List.of(s.getEventId().toString());
        },
        GateName.INTRUSION);
  }

  @Test
  void shouldNotBlockOnDriftViolationBelowSeverityOrClosedByOk() {
    // Given a LOW drift violation, and a HIGH one closed by an OK finding of the same control
    Harness h = Harness.standard().steady();
    h.send(h.finding(DR, PostureCheck.DRIFT, FindingStatus.VIOLATION, Severity.LOW, "banner"));
    h.send(h.finding(DR, PostureCheck.DRIFT, FindingStatus.VIOLATION, Severity.HIGH, "ssh-root"));
    h.now = h.now.plusMillis(1);
    h.send(h.finding(DR, PostureCheck.DRIFT, FindingStatus.OK, Severity.HIGH, "ssh-root"));
    // When the primary goes down
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    // Then the failover starts
    assertThat(h.stages()).containsExactly("PREPARE:0");
  }

  @Test
  void shouldProceedWhenGateIsWaivedAndUnblockWithResolve() {
    // Given a failover blocked by an intrusion on dr
    Harness h = blockedBy(x -> List.of(sendIntrusion(x)), GateName.INTRUSION);
    // When an operator waives INTRUSION for 20 minutes
    h.send(h.command(OperatorAction.WAIVE, GateName.INTRUSION, h.now.plus(Duration.ofMinutes(20))));
    // Then PREPARE is issued with the gate passed-by-waiver, and the blocked alert resolves
    assertThat(h.stages()).containsExactly("BLOCKED:0", "PREPARE:0");
    GateResult intrusion = h.lastTrigger().getGates().get(4);
    assertThat(intrusion.getPassed()).isTrue();
    assertThat(intrusion.getWaived()).isTrue();
    assertThat(intrusion.getReason()).startsWith("waived by alice until");
    assertThat(h.actions(key("blocked"))).containsExactly(AlertAction.TRIGGER, AlertAction.RESOLVE);
    // And the command is audited before the trigger it caused
    List<AuditAction> actions = h.last.audit().stream().map(AuditEntry::action).toList();
    assertThat(actions.get(0)).isEqualTo(AuditAction.COMMAND);
    assertThat(h.last.audit().get(0).details())
        .containsEntry(
            "outcome",
            "applied: INTRUSION waived on dr until " + h.now.plus(Duration.ofMinutes(20)))
        .containsEntry("verdict", "APPLIED");
    assertThat(CommandVerdict.of(h.last.audit().get(0).details())).contains(CommandVerdict.APPLIED);
    assertThat(actions).contains(AuditAction.TRIGGER);
  }

  @Test
  void shouldHoldWhenWaiverExpiresMidWay() {
    // Given a failover that proceeds on a one-minute INTRUSION waiver
    Harness h = blockedBy(x -> List.of(sendIntrusion(x)), GateName.INTRUSION);
    h.send(h.command(OperatorAction.WAIVE, GateName.INTRUSION, h.now.plus(Duration.ofMinutes(1))));
    // Then the waiver-expiry warning is raised at once (warning window 15 m)
    assertThat(h.alerts(key("waiver", DR, "INTRUSION")))
        .singleElement()
        .satisfies(a -> assertThat(a.getSeverity()).isEqualTo(AlertSeverity.SEV3));
    // When the waiver expires while the intrusion is still within its window
    h.advance(Duration.ofSeconds(70));
    // Then the failover holds at its current step, and the waiver alert resolves
    assertThat(h.stages()).containsExactly("BLOCKED:0", "PREPARE:0", "SHIFT:10", "HOLD:10");
    assertThat(h.alerts(key("hold")).get(0).getSummary()).contains("INTRUSION");
    assertThat(h.actions(key("waiver", DR, "INTRUSION")))
        .containsExactly(AlertAction.TRIGGER, AlertAction.RESOLVE);
    assertThat(h.audit).extracting(AuditEntry::action).contains(AuditAction.WAIVER_EXPIRED);
  }

  @Test
  void shouldBlockAgainWhenWaiverExpiredBeforeTheFailover() {
    // Given a DRIFT waiver granted in steady state for 5 minutes, and a drift violation on dr
    Harness h = Harness.standard().steady();
    h.send(h.command(OperatorAction.WAIVE, GateName.DRIFT, h.now.plus(Duration.ofMinutes(5))));
    h.send(h.finding(DR, PostureCheck.DRIFT, FindingStatus.VIOLATION, Severity.CRITICAL, "fw"));
    // When the waiver expires and then the primary goes down
    h.advance(Duration.ofMinutes(6));
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    // Then the failover is blocked by DRIFT
    assertThat(h.stages()).containsExactly("BLOCKED:0");
    assertThat(h.alerts(key("blocked")).get(0).getSummary()).contains("DRIFT");
  }

  @Test
  void shouldRejectWaiverLongerThanMaxWaiverOrWithoutExpiry() {
    Harness h = Harness.standard().steady();
    h.send(h.command(OperatorAction.WAIVE, GateName.DRIFT, h.now.plus(Duration.ofHours(25))));
    assertThat(h.last.audit().get(0).details().get("outcome"))
        .startsWith("rejected: longer than failover.maxWaiver");
    h.send(h.command(OperatorAction.WAIVE, GateName.DRIFT, null));
    assertThat(h.last.audit().get(0).details().get("outcome"))
        .startsWith("rejected: a waiver needs an expires_at");
    assertThat(CommandVerdict.of(h.last.audit().get(0).details()))
        .contains(CommandVerdict.REJECTED);
    assertThat(h.state.waivers).isEmpty();
  }

  @Test
  void shouldReBlockWhenWaiverIsRevoked() {
    // Given a blocked failover let through by a waiver, still at PREPARE
    Harness h = blockedBy(x -> List.of(sendIntrusion(x)), GateName.INTRUSION);
    h.send(h.command(OperatorAction.WAIVE, GateName.INTRUSION, h.now.plus(Duration.ofMinutes(20))));
    // When the operator revokes it
    h.send(h.command(OperatorAction.REVOKE_WAIVER, GateName.INTRUSION, null));
    // Then the failover holds (primary is still down) and the waiver is gone
    assertThat(h.stages()).containsExactly("BLOCKED:0", "PREPARE:0", "HOLD:0");
    assertThat(h.state.waivers).isEmpty();
  }

  @Test
  void shouldUnblockWhenTheIntrusionLeavesItsWindowAndResolveTheBlockedAlertOnce() {
    // Given a failover blocked by an intrusion on dr (window 30 m)
    Harness h = blockedBy(x -> List.of(sendIntrusion(x)), GateName.INTRUSION);
    // When 31 minutes pass
    h.advance(Duration.ofMinutes(31));
    // Then PREPARE follows, and the blocked alert was sent once and resolved once
    assertThat(h.stageList())
        .startsWith(
            dev.vigil.schemas.avro.TriggerStage.BLOCKED,
            dev.vigil.schemas.avro.TriggerStage.PREPARE);
    assertThat(h.actions(key("blocked"))).containsExactly(AlertAction.TRIGGER, AlertAction.RESOLVE);
    assertThat(h.alerts(key("blocked")))
        .extracting(Alert::getDedupKey)
        .containsOnly("vigil/payments/blocked");
  }

  private static String sendIntrusion(Harness h) {
    var s = h.signal(DR, Severity.CRITICAL);
    h.send(s);
    return s.getEventId().toString();
  }
}
