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
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.failover.config.Backoff;
import dev.vigil.streams.failover.config.CommandPolicy;
import dev.vigil.streams.failover.config.FailbackMode;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.SecurityFailoverMode;
import dev.vigil.streams.failover.config.TrafficStep;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Anti-flap, security-led decisions, operator commands, failback and replay (docs/design.md §6).
 */
class OperatorsSecurityAndReplayTest {

  private static FailoverPolicy policy(
      List<TrafficStep> steps, FailbackMode failback, SecurityFailoverMode security) {
    return new FailoverPolicy(
        Duration.ofSeconds(30),
        steps,
        Duration.ofMinutes(10),
        new Backoff(Duration.ofMinutes(20), 2.0, Duration.ofHours(2), Duration.ofHours(6)),
        failback,
        security,
        Duration.ofMinutes(5),
        Duration.ofHours(24),
        Duration.ofMinutes(15),
        FailoverPolicy.DEFAULT_MAX_CLOCK_SKEW,
        CommandPolicy.defaults());
  }

  private static Harness with(FailoverPolicy p) {
    return new Harness(Harness.config(p)).steady();
  }

  private static void flap(Harness h) {
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    h.script(PRIMARY, CheckStatus.PASS);
    h.advance(Duration.ofSeconds(20));
  }

  @Test
  void shouldHoldOffAFlappingServiceWithCooldownThenGrowingBackoff() {
    // Given a service whose primary failed and recovered once (ABORT, cooldown 10 m)
    Harness h =
        with(
            policy(
                FailoverPolicy.DEFAULT_STEPS,
                FailbackMode.MANUAL,
                SecurityFailoverMode.ALERT_ONLY));
    flap(h);
    assertThat(h.stages()).containsExactly("PREPARE:0", "ABORT:0");
    assertThat(h.state.cooldownUntil()).contains(h.now.plus(Duration.ofMinutes(10)));
    // When it fails again at once
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofMinutes(5));
    // Then no new incident starts during the cooldown, and a degraded alert says so
    assertThat(h.stages()).containsExactly("PREPARE:0", "ABORT:0");
    assertThat(h.alerts(key("degraded")).get(0).getSummary()).contains("held off (flap 1)");
    // When the cooldown ends, a second incident starts; it aborts too: back-off 20 m
    h.advance(Duration.ofMinutes(5));
    assertThat(h.stages()).containsExactly("PREPARE:0", "ABORT:0", "PREPARE:0");
    assertThat(h.triggers.get(2).getIncidentId()).isNotEqualTo(h.triggers.get(0).getIncidentId());
    h.script(PRIMARY, CheckStatus.PASS);
    h.advance(Duration.ofSeconds(20));
    assertThat(h.state.flapCount()).isEqualTo(2);
    assertThat(h.state.cooldownUntil()).contains(h.now.plus(Duration.ofMinutes(20)));
    // And a third in a row would be held off for 40 m, capped at 2 h later on
    Backoff b = h.engine.config().failover().backoff();
    assertThat(b.holdOff(3, Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(40));
    assertThat(b.holdOff(9, Duration.ofMinutes(10))).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void shouldAlertOnIntrusionOnActiveSiteWithoutFailingOverByDefault() {
    Harness h = Harness.standard().steady();
    var signal = h.signal(PRIMARY, Severity.CRITICAL);
    h.send(signal);
    assertThat(h.triggers).isEmpty();
    assertThat(h.alerts(key("intrusion", PRIMARY)))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getSeverity()).isEqualTo(AlertSeverity.SEV1);
              assertThat(a.getEvidence()).containsExactly(signal.getEventId().toString());
              assertThat(a.getSummary()).endsWith("alert only");
            });
    h.advance(Duration.ofMinutes(31));
    assertThat(h.actions(key("intrusion", PRIMARY)))
        .containsExactly(AlertAction.TRIGGER, AlertAction.RESOLVE);
    assertThat(h.triggers).isEmpty();
  }

  @Test
  void shouldFailOverOnIntrusionOnActiveSiteWhenConfigured() {
    Harness h =
        with(
            policy(
                FailoverPolicy.DEFAULT_STEPS, FailbackMode.MANUAL, SecurityFailoverMode.FAILOVER));
    var signal = h.signal(PRIMARY, Severity.HIGH);
    h.send(signal);
    // The primary stays UP, yet the security failover runs to COMPLETE without aborting
    h.advance(Duration.ofMinutes(3));
    assertThat(h.stages())
        .containsExactly("PREPARE:0", "SHIFT:10", "SHIFT:50", "SHIFT:100", "COMPLETE:100");
    assertThat(h.triggers.get(0).getEvidenceEventIds())
        .containsExactly(signal.getEventId().toString());
    assertThat(h.state.activeSite()).isEqualTo(DR);
  }

  @Test
  void shouldWaitForApproveOnAnApprovalStep() {
    List<TrafficStep> steps =
        List.of(
            TrafficStep.of(10, Duration.ofSeconds(30)),
            new TrafficStep(100, Duration.ofSeconds(30), true));
    Harness h = with(policy(steps, FailbackMode.MANUAL, SecurityFailoverMode.ALERT_ONLY));
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofMinutes(3));
    assertThat(h.stages()).containsExactly("PREPARE:0", "SHIFT:10");
    h.send(h.command(OperatorAction.APPROVE));
    assertThat(h.stages()).containsExactly("PREPARE:0", "SHIFT:10", "SHIFT:100");
    assertThat(h.lastTrigger().getReason()).isEqualTo("approved by an operator");
  }

  @Test
  void shouldIgnoreApproveWhenNothingAwaitsIt() {
    Harness h = Harness.standard().steady();
    h.send(h.command(OperatorAction.APPROVE));
    assertThat(h.last.audit())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEqualTo("alice");
              assertThat(e.details()).containsEntry("outcome", "ignored: nothing awaits approval");
            });
    assertThat(h.triggers).isEmpty();
  }

  @Test
  void shouldForceAFailoverWhileBothSitesAreUpAndNotAbortIt() {
    Harness h = Harness.standard().steady();
    h.send(h.command(OperatorAction.FORCE));
    h.advance(Duration.ofMinutes(3));
    assertThat(h.stages())
        .containsExactly("PREPARE:0", "SHIFT:10", "SHIFT:50", "SHIFT:100", "COMPLETE:100");
    assertThat(h.state.activeSite()).isEqualTo(DR);
  }

  @Test
  void shouldForceABlockedFailoverPastItsGates() {
    Harness h = Harness.standard().steady();
    h.send(h.signal(DR, Severity.CRITICAL));
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    h.send(h.command(OperatorAction.FORCE));
    h.advance(Duration.ofMinutes(3));
    assertThat(h.stages())
        .containsExactly(
            "BLOCKED:0", "PREPARE:0", "SHIFT:10", "SHIFT:50", "SHIFT:100", "COMPLETE:100");
    assertThat(h.lastTrigger()).isBlockedOnlyBy(GateName.INTRUSION);
  }

  @Test
  void shouldAbortOnOperatorCommandAndAuditCommandBeforeTrigger() {
    Harness h = Harness.standard().steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(60));
    h.send(h.command(OperatorAction.ABORT));
    assertThat(h.lastTrigger()).hasStage(TriggerStage.ABORT);
    assertThat(h.lastTrigger().getTrafficPercent()).isZero();
    assertThat(h.last.audit().get(0).action()).isEqualTo(AuditAction.COMMAND);
    assertThat(h.last.audit().get(1).action()).isEqualTo(AuditAction.TRIGGER);
    assertThat(h.state.phase()).isEqualTo(FailoverPhase.DEGRADED);
  }

  @Test
  void shouldApplyEachCommandIdOnce() {
    Harness h = Harness.standard().steady();
    var force = h.command(OperatorAction.FORCE);
    h.send(force);
    h.send(force);
    assertThat(h.last.quiet()).isTrue();
    assertThat(h.stages()).containsExactly("PREPARE:0");
  }

  @Test
  void shouldFailBackOnlyOnCommandByDefault() {
    Harness h = Harness.standard().steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofMinutes(3));
    h.script(PRIMARY, CheckStatus.PASS);
    h.advance(Duration.ofMinutes(30));
    assertThat(h.triggers).hasSize(5);
    assertThat(h.state.phase()).isEqualTo(FailoverPhase.FAILED_OVER);
    h.send(h.command(OperatorAction.FAILBACK));
    assertThat(h.lastTrigger()).hasStage(TriggerStage.PREPARE);
    assertThat(h.lastTrigger().getToSite()).isEqualTo(PRIMARY);
    assertThat(h.state.phase()).isEqualTo(FailoverPhase.FAILING_BACK);
  }

  @Test
  void shouldRollBackAFailbackWhenTheHomeSiteDegrades() {
    Harness h = Harness.standard().steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofMinutes(3));
    h.script(PRIMARY, CheckStatus.PASS);
    h.advance(Duration.ofSeconds(30));
    h.send(h.command(OperatorAction.FAILBACK));
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    assertThat(h.lastTrigger()).hasStage(TriggerStage.ROLLBACK);
    assertThat(h.lastTrigger().getFromSite()).isEqualTo(DR);
    assertThat(h.state.activeSite()).isEqualTo(DR);
    assertThat(h.alerts(key("rollback"))).hasSize(1);
  }

  @Test
  void shouldFailBackAutomaticallyStagedAndGatedAfterTheHoldOff() {
    Harness h =
        with(
            policy(
                FailoverPolicy.DEFAULT_STEPS,
                FailbackMode.AUTOMATIC,
                SecurityFailoverMode.ALERT_ONLY));
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofMinutes(3));
    h.script(PRIMARY, CheckStatus.PASS);
    // An intrusion on the primary blocks the failback into it once the cooldown ends
    h.send(h.signal(PRIMARY, Severity.HIGH));
    h.advance(Duration.ofMinutes(11));
    assertThat(h.stages()).endsWith("COMPLETE:100", "BLOCKED:0");
    assertThat(h.alerts(key("blocked")).get(0).getSeverity()).isEqualTo(AlertSeverity.SEV2);
    // When the intrusion leaves its window, the failback runs through every stage
    h.advance(Duration.ofMinutes(25));
    List<String> stages = h.stages();
    assertThat(stages.subList(5, stages.size()))
        .containsExactly(
            "BLOCKED:0", "PREPARE:0", "SHIFT:10", "SHIFT:50", "SHIFT:100", "COMPLETE:100");
    assertThat(h.state.activeSite()).isEqualTo(PRIMARY);
    assertThat(h.state.phase()).isEqualTo(FailoverPhase.STEADY);
  }

  @Test
  void shouldIssueIdenticalTriggerIdsWhenTheSameInputsReplay() {
    Harness a = Harness.standard().steady();
    Harness b = Harness.standard().steady();
    for (Harness h : List.of(a, b)) {
      h.script(PRIMARY, CheckStatus.FAIL);
      h.advance(Duration.ofMinutes(4));
    }
    assertThat(a.triggers)
        .extracting(FailoverTrigger::getTriggerId)
        .containsExactlyElementsOf(b.triggers.stream().map(FailoverTrigger::getTriggerId).toList());
    assertThat(a.alerts).isEqualTo(b.alerts);
  }

  @Test
  void shouldContinueTheSameIncidentAfterARestartFromStoredState() {
    // Given an uninterrupted run and a run whose engine restarts from stored bytes mid-incident
    Harness whole = Harness.standard().steady();
    Harness restarted = Harness.standard().steady();
    for (Harness h : List.of(whole, restarted)) {
      h.script(PRIMARY, CheckStatus.FAIL);
      h.advance(Duration.ofSeconds(70));
    }
    byte[] stored = ServiceStateCodec.toBytes(restarted.state);
    Harness fresh = new Harness(Harness.config(FailoverPolicy.defaults()));
    fresh.state = ServiceStateCodec.fromBytes(stored);
    fresh.now = restarted.now;
    fresh.script.putAll(restarted.script);
    fresh.heartbeats.putAll(restarted.heartbeats);
    // When both continue
    whole.advance(Duration.ofMinutes(3));
    fresh.advance(Duration.ofMinutes(3));
    // Then the restarted one issues exactly the remaining triggers, same ids (event ids differ
    // by harness counter, so compare stages and ids of the trigger stream)
    List<String> tail =
        whole.triggers.subList(restarted.triggers.size(), whole.triggers.size()).stream()
            .map(FailoverTrigger::getTriggerId)
            .toList();
    assertThat(fresh.triggers)
        .extracting(FailoverTrigger::getTriggerId)
        .containsExactlyElementsOf(tail);
    assertThat(fresh.state.activeSite()).isEqualTo(DR);
  }

  @Test
  void shouldIgnoreARedeliveredProbe() {
    Harness h = Harness.standard().steady();
    var probe = h.probe(PRIMARY, "v1", CheckStatus.FAIL);
    h.send(probe);
    ServiceState before = h.state;
    h.send(probe);
    assertThat(h.last.quiet()).isTrue();
    assertThat(ServiceStateCodec.toBytes(h.state)).isEqualTo(ServiceStateCodec.toBytes(before));
  }

  @Test
  void shouldRejectACommandFromAHostileOperatorNamingTheRuleWithoutEchoingIt() {
    String[] hostile = {
      "EVIL".repeat(75_000), "EVIL\u0000", "EVIL\u202Egnp", "EVIL\u200Bx", "EVIL\uD800x"
    };
    String[] rule = {
      "longer than 64 characters",
      "contains a control character",
      "contains a format character (bidi override or zero-width)",
      "contains a format character (bidi override or zero-width)",
      "contains a lone surrogate"
    };
    Harness h = Harness.standard().steady();
    for (int i = 0; i < hostile.length; i++) {
      // Given a FORCE command, past the CLI, whose operator breaks the identifier rule
      var force = h.command(OperatorAction.FORCE);
      force.setOperator(hostile[i]);

      // When the correlator reads it
      h.send(force);

      // Then it is rejected naming the rule, not the name, and nothing moves
      assertThat(h.last.audit().get(0).details())
          .containsEntry("outcome", "rejected: operator " + rule[i]);
      assertThat(h.last.audit().get(0).details().get("outcome")).doesNotContain("EVIL");
      assertThat(CommandVerdict.of(h.last.audit().get(0).details()))
          .contains(CommandVerdict.REJECTED);
      // And the audit record carries neither the name nor the raw command
      assertThat(h.last.audit().get(0).actor()).isEqualTo(Commands.INVALID_OPERATOR);
      assertThat(h.last.audit().get(0).payloadJson()).isNull();
      assertThat(h.last.audit().get(0).toString()).doesNotContain("EVIL");
    }
    assertThat(h.triggers).isEmpty();
  }
}
