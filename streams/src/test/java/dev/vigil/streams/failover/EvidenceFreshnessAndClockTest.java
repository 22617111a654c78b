package dev.vigil.streams.failover;

import static dev.vigil.streams.failover.Harness.DR;
import static dev.vigil.streams.failover.Harness.PRIMARY;
import static dev.vigil.streams.failover.Harness.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.streams.failover.config.CommandPolicy;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.GatesConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Decisions that cannot be fooled: site- and segment-wide evidence reaches the service's gates,
 * evidence must stay fresh, future-dated input never pins a gate, and commands are bounded in time
 * and can need two operators.
 */
class EvidenceFreshnessAndClockTest {

  /** Default gates: drift, certificate and key evidence must be at most 15 minutes old. */
  private static Harness freshnessEnforced() {
    return new Harness(Harness.config(FailoverPolicy.defaults(), GatesConfig.defaults())).steady();
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> T siteWide(T event) {
    if (event instanceof PostureFinding f) {
      f.setService("");
      f.setScope(EvidenceScope.SITE);
    } else if (event instanceof SecuritySignal s) {
      s.setService("");
      s.setScope(EvidenceScope.SITE);
    }
    return event;
  }

  /** The default policy with the two-person rule set as given (command max age 5m). */
  private static FailoverPolicy twoPersonRule(boolean force, boolean approve, Duration window) {
    return FailoverPolicy.defaults()
        .withCommands(
            new CommandPolicy(
                Duration.ofMinutes(5), new CommandPolicy.TwoPersonRule(force, approve, window)));
  }

  private static List<GateName> failing(Harness h) {
    return h.lastTrigger().getGates().stream()
        .filter(g -> !g.getPassed())
        .map(GateResult::getGate)
        .toList();
  }

  @Test
  void shouldBlockOnASiteWideIntrusionOnTheStandbyWithItsEvidenceId() {
    // Given a steady service and a site-wide intrusion on its standby (no service named)
    Harness h = Harness.standard().steady();
    SecuritySignal intrusion = siteWide(h.signal(DR, Severity.HIGH));
    assertThat(h.sendScoped(intrusion)).isNull(); // nothing open: nothing decided at once
    // When its active site fails
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    // Then the failover is blocked by INTRUSION, naming the site-wide signal
    assertThat(h.stages()).containsExactly("BLOCKED:0");
    assertThat(failing(h)).containsExactly(GateName.INTRUSION);
    assertThat(h.lastTrigger().getGates().get(4).getEvidenceEventIds())
        .containsExactly(intrusion.getEventId().toString());
  }

  @Test
  void shouldHoldAFailoverInProgressAtOnceWhenASiteWideIntrusionArrives() {
    // Given a failover in PREPARE
    Harness h = Harness.standard().steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    assertThat(h.stages()).containsExactly("PREPARE:0");
    // When a site-wide intrusion on the target arrives
    Decision d = h.sendScoped(siteWide(h.signal(DR, Severity.CRITICAL)));
    // Then the service is decided again right away: HOLD (primary is down), nothing shifts
    assertThat(d).isNotNull();
    assertThat(h.stages()).containsExactly("PREPARE:0", "HOLD:0");
  }

  @Test
  void shouldApplySegmentEvidenceOnlyToServicesDeclaringTheSegment() {
    // Given payments in segment pci
    FailoverConfig inPci =
        FailoverConfig.of(
            List.of(PRIMARY, DR),
            Map.of(Harness.SVC, ServiceConfig.of(PRIMARY, DR, 2, 3, 2, "60s", List.of("pci"))),
            FailoverPolicy.defaults(),
            Harness.longLivedPosture());
    Harness pci = new Harness(inPci).steady();
    Harness other = Harness.standard().steady(); // same service, no segment declared
    for (Harness h : List.of(pci, other)) {
      SecuritySignal s = siteWide(h.signal(DR, Severity.HIGH));
      s.setScope(EvidenceScope.SEGMENT);
      s.setSegment("pci");
      h.sendScoped(s);
      h.script(PRIMARY, CheckStatus.FAIL);
      h.advance(Duration.ofSeconds(30));
    }
    // Then only the service in the segment is blocked
    assertThat(pci.stages()).containsExactly("BLOCKED:0");
    assertThat(failing(pci)).containsExactly(GateName.INTRUSION);
    assertThat(other.stages()).containsExactly("PREPARE:0");
  }

  @Test
  void shouldPassGatesOnSiteWidePostureAlone() {
    // Given no posture of the service's own, only site-wide posture on both sites
    Harness h = Harness.standard();
    for (String site : List.of(PRIMARY, DR)) {
      h.sendScoped(
          siteWide(
              h.finding(site, PostureCheck.DRIFT, FindingStatus.OK, Severity.MEDIUM, "baseline")));
      h.sendScoped(siteWide(h.cert(site, "ca", h.now.plus(Duration.ofDays(90)), "AA")));
      h.sendScoped(siteWide(h.key(site, "k1", "7")));
    }
    h.script(PRIMARY, CheckStatus.PASS);
    h.script(DR, CheckStatus.PASS);
    h.advance(Duration.ofSeconds(20));
    for (String site : List.of(PRIMARY, DR)) {
      h.sendScoped(
          siteWide(
              h.finding(site, PostureCheck.IDS_HEARTBEAT, FindingStatus.OK, Severity.INFO, "ids")));
    }
    // When primary fails
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    // Then the failover starts on that evidence
    assertThat(h.stages()).containsExactly("PREPARE:0");
    assertThat(h.lastTrigger().getGates()).allMatch(GateResult::getPassed);
  }

  @Test
  void shouldBlockOnStaleDriftCertificateAndKeyEvidenceAndAlertBeforeAFailoverNeedsIt() {
    // Given a steady service whose posture was reported once, with the default 15 minute maxAge
    Harness h = freshnessEnforced();
    assertThat(h.alerts(key("stale", DR))).isEmpty();
    // When 16 minutes pass with heartbeats but no posture run
    h.advance(Duration.ofMinutes(16));
    // Then a SEV2 alert names the stale controls and their source, before any failover
    assertThat(h.triggers).isEmpty();
    Alert stale = h.alerts(key("stale", DR)).get(0);
    assertThat(stale.getAction()).isEqualTo(AlertAction.TRIGGER);
    assertThat(stale.getSeverity()).isEqualTo(AlertSeverity.SEV2);
    assertThat(stale.getSummary())
        .contains("DRIFT baseline (service, source posture)")
        .contains("CERTIFICATE tls-main (service, source posture)")
        .contains("KEY_SYNC key k1");
    // And a failover is blocked by exactly those three gates
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    assertThat(h.stages()).containsExactly("BLOCKED:0");
    assertThat(failing(h)).containsExactly(GateName.DRIFT, GateName.CERTIFICATE, GateName.KEY_SYNC);
    // When the posture collector reports again, the alert resolves
    h.posture(DR);
    h.tick();
    assertThat(h.actions(key("stale", DR))).endsWith(AlertAction.RESOLVE);
  }

  @Test
  void shouldNotLetAFutureDatedHeartbeatPinTheGate() {
    // Given a steady service whose standby heartbeat then stops
    Harness h = Harness.standard().steady();
    PostureFinding future =
        h.finding(DR, PostureCheck.IDS_HEARTBEAT, FindingStatus.OK, Severity.INFO, "ids");
    future.setObservedAt(h.now.plus(Duration.ofHours(1)));
    // When a heartbeat dated an hour ahead arrives
    assertThat(h.engine.timeliness(future, h.now)).isEqualTo(FailoverEngine.Timeliness.FUTURE);
    h.send(future);
    h.heartbeats.put(DR, false);
    h.advance(Duration.ofMinutes(6));
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    // Then it was never applied: the heartbeat gate ages out as if it had not come
    assertThat(h.stages()).containsExactly("BLOCKED:0");
    assertThat(failing(h)).containsExactly(GateName.IDS_HEARTBEAT);
  }

  @Test
  void shouldNotLetAFutureDatedDriftOkMaskALaterViolation() {
    Harness h = Harness.standard().steady();
    PostureFinding futureOk =
        h.finding(DR, PostureCheck.DRIFT, FindingStatus.OK, Severity.HIGH, "ssh-root");
    futureOk.setObservedAt(h.now.plus(Duration.ofDays(1)));
    h.send(futureOk);
    PostureFinding violation =
        h.finding(DR, PostureCheck.DRIFT, FindingStatus.VIOLATION, Severity.HIGH, "ssh-root");
    h.send(violation);
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    assertThat(h.stages()).containsExactly("BLOCKED:0");
    assertThat(failing(h)).containsExactly(GateName.DRIFT);
  }

  @Test
  void shouldNotLetAFutureDatedProbeSilenceItsVantagePoint() {
    // Given a steady service; a PASS of vantage v1 on primary dated a day ahead
    Harness h = Harness.standard().steady();
    h.send(h.probe(PRIMARY, "v1", CheckStatus.PASS));
    var future = h.probe(PRIMARY, "v1", CheckStatus.PASS);
    future.setObservedAt(h.now.plus(Duration.ofDays(1)));
    h.send(future);
    // When primary fails from both vantages
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    // Then v1's failures still count (a pinned v1 would ignore them as older): failover starts
    assertThat(h.stages()).containsExactly("PREPARE:0");
  }

  @Test
  void shouldIgnoreProbeResultsOlderThanTheStaleTimeout() {
    Harness h = Harness.standard().steady();
    for (int i = 0; i < 3; i++) {
      var old = h.probe(PRIMARY, i % 2 == 0 ? "v1" : "v2", CheckStatus.FAIL);
      old.setObservedAt(h.now.minus(Duration.ofMinutes(5)));
      assertThat(h.engine.timeliness(old, h.now)).isEqualTo(FailoverEngine.Timeliness.TOO_OLD);
      h.send(old);
    }
    assertThat(h.state.health(PRIMARY)).isEqualTo(SiteHealth.UP);
    assertThat(h.state.site(PRIMARY).vantages.get("v1").failStreak).isZero();
  }

  @Test
  void shouldRefuseAndAuditCommandsIssuedTooLongAgoOrInTheFuture() {
    Harness h = Harness.standard().steady();
    OperatorCommand old = h.command(OperatorAction.FORCE);
    old.setIssuedAt(h.now.minus(Duration.ofMinutes(6)));
    h.send(old);
    OperatorCommand future = h.command(OperatorAction.FORCE);
    future.setIssuedAt(h.now.plus(Duration.ofMinutes(3)));
    h.send(future);
    assertThat(h.triggers).isEmpty();
    List<String> outcomes =
        h.audit.stream()
            .filter(e -> e.action() == AuditAction.COMMAND)
            .map(e -> e.details().get("outcome"))
            .toList();
    assertThat(outcomes)
        .containsExactly(
            "rejected: issued_at is older than failover.commands.maxAge (PT5M)",
            "rejected: issued_at is more than failover.maxClockSkew (PT2M) in the future");
  }

  @Test
  void shouldNeedASecondOperatorToForceUnderTheTwoPersonRule() {
    FailoverPolicy twoPerson = twoPersonRule(true, true, Duration.ofMinutes(10));
    Harness h = new Harness(Harness.config(twoPerson)).steady();
    // When alice forces twice, nothing happens; when bob confirms, the failover opens
    h.send(h.command(OperatorAction.FORCE));
    h.send(h.command(OperatorAction.FORCE));
    assertThat(h.triggers).isEmpty();
    OperatorCommand bob = h.command(OperatorAction.FORCE);
    bob.setOperator("bob");
    h.send(bob);
    assertThat(h.stages()).containsExactly("PREPARE:0");
    List<String> outcomes =
        h.audit.stream()
            .filter(e -> e.action() == AuditAction.COMMAND)
            .map(e -> e.details().get("outcome"))
            .toList();
    assertThat(outcomes.get(0)).startsWith("pending: FORCE needs a second, different operator");
    assertThat(outcomes.get(1)).startsWith("pending:");
    assertThat(outcomes.get(2)).startsWith("applied: forced failover").contains("by alice");
    assertThat(h.audit).extracting(AuditEntry::actor).contains("bob");
  }

  @Test
  void shouldLetAPendingForceExpireAfterTheWindow() {
    FailoverPolicy twoPerson = twoPersonRule(true, false, Duration.ofMinutes(1));
    Harness h = new Harness(Harness.config(twoPerson)).steady();
    h.send(h.command(OperatorAction.FORCE));
    h.advance(Duration.ofMinutes(2));
    OperatorCommand bob = h.command(OperatorAction.FORCE);
    bob.setOperator("bob");
    h.send(bob);
    assertThat(h.triggers).isEmpty();
  }

  @Test
  void shouldNeedASecondOperatorToApprovePastAFailingGate() {
    // Given a failover BLOCKED by an intrusion on the target, with the two-person rule on approval
    Harness h =
        new Harness(Harness.config(twoPersonRule(false, true, Duration.ofMinutes(10)))).steady();
    h.send(h.signal(DR, Severity.HIGH));
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(30));
    assertThat(h.stages()).containsExactly("BLOCKED:0");
    // When alice approves, nothing moves; when bob approves too, the next stage goes
    h.send(h.command(OperatorAction.APPROVE));
    h.advance(Duration.ofSeconds(10));
    assertThat(h.stages()).containsExactly("BLOCKED:0");
    OperatorCommand bob = h.command(OperatorAction.APPROVE);
    bob.setOperator("bob");
    h.send(bob);
    // (APPROVE lets one stage go: PREPARE; the still-failing gate then holds the next one)
    assertThat(h.stages()).startsWith("BLOCKED:0", "PREPARE:0");
    assertThat(
            h.audit.stream()
                .filter(e -> e.action() == AuditAction.COMMAND)
                .map(e -> e.details().get("outcome")))
        .satisfiesExactly(
            first -> assertThat(first).startsWith("pending: APPROVE needs a second"),
            second -> assertThat(second).startsWith("applied: next stage").contains("by alice"));
  }
}
