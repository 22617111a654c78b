package dev.vigil.streams.failover;

import static dev.vigil.streams.failover.Harness.DR;
import static dev.vigil.streams.failover.Harness.PRIMARY;
import static dev.vigil.streams.failover.Harness.key;
import static dev.vigil.testkit.assertions.VigilAssertions.assertThat;

import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverPhase;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.schemas.avro.TriggerStage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Health-led failover through PREPARE, SHIFT steps and COMPLETE, and its exits (docs/design.md §6).
 */
class FailoverStagesTest {

  @Test
  void shouldNeverFailOverWhenOnlyOneVantagePointFails() {
    // Given a steady service
    Harness h = Harness.standard().steady();
    // When one of two vantage points fails for five minutes
    h.script(PRIMARY, "v1", CheckStatus.FAIL);
    h.advance(Duration.ofMinutes(5));
    // Then the primary stays UP and no trigger is issued
    assertThat(h.state.health(PRIMARY)).isEqualTo(SiteHealth.UP);
    assertThat(h.triggers).isEmpty();
    assertThat(h.state.phase()).isEqualTo(FailoverPhase.STEADY);
  }

  @Test
  void shouldIssuePrepareWithEvidenceWhenQuorumCrossesFailureThreshold() {
    // Given a steady service
    Harness h = Harness.standard().steady();
    // When both vantage points fail three times in a row
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(20));
    assertThat(h.triggers).as("two failures are below the threshold").isEmpty();
    h.advance(Duration.ofSeconds(10));
    // Then one PREPARE trigger carries the six failing probe ids and five passing gates
    assertThat(h.stages()).containsExactly("PREPARE:0");
    FailoverTrigger t = h.lastTrigger();
    assertThat(t).hasStage(TriggerStage.PREPARE).movesTraffic(PRIMARY, DR).passesAllGates();
    assertThat(t.getStep()).isZero();
    assertThat(t.getEvidenceEventIds()).hasSize(6).doesNotHaveDuplicates();
    assertThat(t.getIncidentId()).startsWith("inc-").hasSize(36);
    assertThat(t.getTriggerId()).startsWith("trg-").hasSize(36);
    assertThat(t.getValidUntil()).isEqualTo(t.getIssuedAt().plus(Duration.ofMinutes(5)));
    assertThat(t.getConfigVersion()).isEqualTo(h.engine.config().configVersion());
    assertThat(h.state.phase()).isEqualTo(FailoverPhase.FAILING_OVER);
    assertThat(h.snapshots.get(h.snapshots.size() - 1).getIncidentId())
        .isEqualTo(t.getIncidentId());
  }

  @Test
  void shouldProgressThroughEveryStageOnlyAfterItsDwell() {
    // Given a failover that has just issued PREPARE
    Harness h = Harness.standard().steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    // When 20 s pass (prepare dwell is 30 s)
    h.advance(Duration.ofSeconds(20));
    // Then nothing new was issued
    assertThat(h.stages()).containsExactly("PREPARE:0");
    // When the rest of the dwell times pass
    h.advance(Duration.ofSeconds(10));
    assertThat(h.stages()).containsExactly("PREPARE:0", "SHIFT:10");
    h.advance(Duration.ofSeconds(30));
    assertThat(h.stages()).containsExactly("PREPARE:0", "SHIFT:10", "SHIFT:50");
    h.advance(Duration.ofSeconds(30));
    assertThat(h.lastTrigger().getStep()).isEqualTo(3);
    h.advance(Duration.ofSeconds(60));
    // Then the stages came in order, each one dwell apart, and dr is now active
    assertThat(h.stages())
        .containsExactly("PREPARE:0", "SHIFT:10", "SHIFT:50", "SHIFT:100", "COMPLETE:100");
    List<FailoverTrigger> t = h.triggers;
    assertThat(Duration.between(t.get(0).getIssuedAt(), t.get(1).getIssuedAt()))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(Duration.between(t.get(3).getIssuedAt(), t.get(4).getIssuedAt()))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(t).extracting(FailoverTrigger::getIncidentId).containsOnly(t.get(0).getIncidentId());
    assertThat(h.state.activeSite()).isEqualTo(DR);
    assertThat(h.state.standbySite()).isEqualTo(PRIMARY);
    assertThat(h.state.phase()).isEqualTo(FailoverPhase.FAILED_OVER);
    assertThat(h.state.incidentId()).isEmpty();
    assertThat(h.state.cooldownUntil())
        .contains(t.get(4).getIssuedAt().plus(Duration.ofMinutes(10)));
  }

  @Test
  void shouldAbortWhenSourceRecoversBeforeComplete() {
    // Given a failover at SHIFT 10 %
    Harness h = Harness.standard().steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(60));
    assertThat(h.stages()).containsExactly("PREPARE:0", "SHIFT:10");
    // When the primary passes twice from both vantage points
    h.script(PRIMARY, CheckStatus.PASS);
    h.advance(Duration.ofSeconds(20));
    // Then an ABORT sends all traffic back and the service is steady again, in cooldown
    assertThat(h.stages()).containsExactly("PREPARE:0", "SHIFT:10", "ABORT:0");
    assertThat(h.lastTrigger().getReason()).contains("recovered before COMPLETE");
    assertThat(h.state.phase()).isEqualTo(FailoverPhase.STEADY);
    assertThat(h.state.activeSite()).isEqualTo(PRIMARY);
    assertThat(h.state.flapCount()).isEqualTo(1);
    assertThat(h.state.cooldownUntil()).contains(h.now.plus(Duration.ofMinutes(10)));
  }

  @Test
  void shouldHoldWhenTargetDegradesMidWayWhileSourceIsDownAndResumeWhenItRecovers() {
    // Given a failover at SHIFT 10 % with the primary down
    Harness h = Harness.standard().steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(50));
    // When dr fails three times from both vantage points (the first with SHIFT 10 %)
    h.script(DR, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    // Then a HOLD keeps 10 % and a SEV1 hold alert names dr's failing probes
    assertThat(h.stages()).containsExactly("PREPARE:0", "SHIFT:10", "HOLD:10");
    assertThat(h.lastTrigger().getStep()).isEqualTo(1);
    assertThat(h.state.phase()).isEqualTo(FailoverPhase.HOLD);
    assertThat(h.alerts(key("hold")))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getAction()).isEqualTo(AlertAction.TRIGGER);
              assertThat(a.getSeverity()).isEqualTo(AlertSeverity.SEV1);
              assertThat(a.getEvidence()).hasSize(6);
              assertThat(a.getSummary())
                  .contains("held at 10% on dr")
                  .contains("target dr is DOWN");
            });
    // When dr passes again long enough
    h.script(DR, CheckStatus.PASS);
    h.advance(Duration.ofSeconds(20));
    // Then the hold alert resolves, and the next step waits one full dwell from the recovery
    assertThat(h.actions(key("hold"))).containsExactly(AlertAction.TRIGGER, AlertAction.RESOLVE);
    assertThat(h.stages()).containsExactly("PREPARE:0", "SHIFT:10", "HOLD:10");
    h.advance(Duration.ofSeconds(30));
    assertThat(h.stages()).containsExactly("PREPARE:0", "SHIFT:10", "HOLD:10", "SHIFT:50");
  }

  @Test
  void shouldRollBackWhenSourceIsUpAgainWhileTargetStaysDegraded() {
    // Given a failover held at 10 % because dr went down
    Harness h = Harness.standard().steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(50));
    h.script(DR, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    // When the primary recovers
    h.script(PRIMARY, CheckStatus.PASS);
    h.advance(Duration.ofSeconds(20));
    // Then the failover rolls back to the primary, with a SEV2 rollback alert; hold resolves
    assertThat(h.stages()).containsExactly("PREPARE:0", "SHIFT:10", "HOLD:10", "ROLLBACK:0");
    assertThat(h.lastTrigger().getReason()).startsWith("rolled back to primary");
    assertThat(h.alerts(key("rollback")))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getSeverity()).isEqualTo(AlertSeverity.SEV2);
              assertThat(a.getSite()).isEqualTo(DR);
            });
    assertThat(h.actions(key("hold"))).containsExactly(AlertAction.TRIGGER, AlertAction.RESOLVE);
    assertThat(h.state.activeSite()).isEqualTo(PRIMARY);
    // And when dr is healthy again the rollback alert resolves
    h.script(DR, CheckStatus.PASS);
    h.advance(Duration.ofSeconds(20));
    assertThat(h.actions(key("rollback")))
        .containsExactly(AlertAction.TRIGGER, AlertAction.RESOLVE);
  }

  @Test
  void shouldAlertOnUnknownProbesWithoutFailingOver() {
    // Given a steady service
    Harness h = Harness.standard().steady();
    // When the primary's probes go silent for five minutes
    h.silence(PRIMARY);
    h.advance(Duration.ofMinutes(5));
    // Then the primary is UNKNOWN, one SEV2 alert is open, and nothing failed over
    assertThat(h.state.health(PRIMARY)).isEqualTo(SiteHealth.UNKNOWN);
    assertThat(h.triggers).isEmpty();
    assertThat(h.alerts(key("unknown", PRIMARY)))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getAction()).isEqualTo(AlertAction.TRIGGER);
              assertThat(a.getSeverity()).isEqualTo(AlertSeverity.SEV2);
            });
    // When probes come back
    h.script(PRIMARY, CheckStatus.PASS);
    h.advance(Duration.ofSeconds(20));
    // Then the alert resolves under the same key
    assertThat(h.actions(key("unknown", PRIMARY)))
        .containsExactly(AlertAction.TRIGGER, AlertAction.RESOLVE);
    assertThat(h.state.openAlertKeys()).isEmpty();
  }

  @Test
  void shouldWaitWithDegradedAlertWhenStandbyIsNotUp() {
    // Given dr is silent (UNKNOWN)
    Harness h = Harness.standard().steady();
    h.silence(DR);
    h.advance(Duration.ofSeconds(70));
    // When the primary goes DOWN
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    // Then no failover starts and a SEV1 degraded alert says why
    assertThat(h.triggers).isEmpty();
    assertThat(h.state.phase()).isEqualTo(FailoverPhase.DEGRADED);
    assertThat(h.alerts(key("degraded")))
        .singleElement()
        .satisfies(a -> assertThat(a.getSummary()).contains("standby dr is UNKNOWN"));
  }

  @Test
  void shouldKeepTriggerIdsDistinctPerStage() {
    // Given a complete failover
    Harness h = Harness.standard().steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofMinutes(4));
    // Then every stage has its own trigger id
    assertThat(h.triggers).hasSize(5);
    assertThat(h.triggers).extracting(FailoverTrigger::getTriggerId).doesNotHaveDuplicates();
    assertThat(h.stageList())
        .containsExactly(
            TriggerStage.PREPARE,
            TriggerStage.SHIFT,
            TriggerStage.SHIFT,
            TriggerStage.SHIFT,
            TriggerStage.COMPLETE);
  }
}
