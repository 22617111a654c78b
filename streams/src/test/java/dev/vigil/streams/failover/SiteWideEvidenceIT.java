package dev.vigil.streams.failover;

import static dev.vigil.testkit.assertions.VigilAssertions.assertThat;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.SampleEvents;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.GatesConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import dev.vigil.streams.failover.topology.FailoverApp;
import dev.vigil.testkit.EventFixtures;
import dev.vigil.testkit.TopicWatch;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FailoverApp} on a real broker with 200 services on two sites whose posture is all
 * site-wide (8 records for 200 services): one IDS alert on the backup site, sent once, blocks the
 * failover of every service, each BLOCKED trigger names that alert in its INTRUSION gate, and each
 * service decides once (docs/failover.md "How evidence reaches a service").
 *
 * <p>The sites get unique names: site-wide evidence on the shared input topics applies to every
 * correlator reading them, so fixed names would leak this alert into other tests' correlators.
 */
@ExtendWith(VigilPlatformExtension.class)
class SiteWideEvidenceIT {
  private static final int SERVICES = 200;
  private static final List<String> VANTAGES = List.of("v1", "v2");
  private static final List<PostureCheck> SITE_WIDE_CHECKS =
      List.of(
          PostureCheck.IDS_HEARTBEAT,
          PostureCheck.DRIFT,
          PostureCheck.CERTIFICATE,
          PostureCheck.KEY_VERSION);
  private static final Duration STEP_TIMEOUT =
      Duration.ofSeconds(60); // 200 services on a loaded CI box

  @TempDir Path stateDir;

  @Test
  void shouldBlockEveryServiceWithTheOneSiteWideIntrusionOnTheBackupAsEvidence(
      VigilPlatform platform) throws Exception {
    // Given 200 services, primary → dr, and a correlator owning them
    String primary = platform.uniqueName("primary");
    String dr = platform.uniqueName("dr");
    String prefix = platform.uniqueName("svc");
    List<String> services = new ArrayList<>();
    Map<String, ServiceConfig> configured = new TreeMap<>();
    for (int i = 0; i < SERVICES; i++) {
      String s = String.format("%s-%03d", prefix, i);
      services.add(s);
      configured.put(s, ServiceConfig.of(primary, dr, 2, 3, 2, "60s"));
    }
    FailoverConfig config =
        FailoverConfig.of(
            List.of(primary, dr), configured, CorrelatorRig.quickSteps(), GatesConfig.defaults());
    try (CorrelatorRig rig = CorrelatorRig.start(platform, config, stateDir);
        TopicWatch<FailoverTrigger> triggers = rig.triggers(Set.copyOf(services));
        TopicWatch<FailoverState> snapshots = rig.snapshots(Set.copyOf(services))) {
      Events ev = new Events();
      Latest latest = new Latest(services, snapshots);

      // And good posture on both sites, all of it site-wide: 8 records for 200 services
      for (String site : List.of(primary, dr)) {
        for (PostureCheck check : SITE_WIDE_CHECKS) {
          rig.send(Topics.POSTURE, "", ev.siteWide(site, check));
        }
      }
      rig.flush();

      // And both sites UP for every service, every gate on dr passing
      int[] passRounds = {0};
      await(
          "every service UP on both sites with every gate passing",
          () -> latest.describe(SiteWideEvidenceIT::healthyAndGated),
          Duration.ofSeconds(1),
          () -> {
            round(rig, ev, services, primary, CheckStatus.PASS, dr);
            passRounds[0]++;
            return passRounds[0] > 2 && latest.all(SiteWideEvidenceIT::healthyAndGated);
          });

      // When one HIGH IDS alert arrives for the whole dr site
      SecuritySignal alert = ev.siteWideSignal(dr, Severity.HIGH);
      String alertId = alert.getEventId().toString();
      rig.send(Topics.SECURITY, "", alert);
      rig.flush();
      Predicate<FailoverState> blockedByAlert =
          snap -> intrusionFailsWith(snap.getGates(), alertId);
      await(
          "every service's dr INTRUSION gate naming " + alertId,
          () -> latest.describe(blockedByAlert),
          Duration.ofMillis(200),
          () -> latest.all(blockedByAlert));

      // And primary fails for every service (failureThreshold 3, both vantages)
      for (int i = 0; i < 3; i++) {
        round(rig, ev, services, primary, CheckStatus.FAIL, dr);
      }

      // Then every service is blocked, by that alert, exactly once
      await(
          "a trigger for every service",
          () -> triggers.seen().size() + " triggers",
          Duration.ofMillis(200),
          () -> {
            triggers.poll();
            return triggers.seen().size() >= SERVICES;
          });
      triggers.readFor(Duration.ofSeconds(3)); // ticks (250 ms) that would repeat a decision
      Map<String, List<FailoverTrigger>> byService =
          triggers.seen().stream().collect(Collectors.groupingBy(t -> t.getService().toString()));
      assertThat(byService.keySet()).as("services with a trigger").hasSize(SERVICES);
      for (String s : services) {
        List<FailoverTrigger> ts = byService.getOrDefault(s, List.of());
        assertThat(ts).as("triggers of %s (one decision per service)", s).hasSize(1);
        assertThat(ts.get(0))
            .forService(s)
            .hasStage(TriggerStage.BLOCKED)
            .movesTraffic(primary, dr)
            .atTrafficPercent(0)
            .isBlockedOnlyBy(GateName.INTRUSION);
        assertThat(ts.get(0).getGates())
            .as("%s: every gate evaluated", s)
            .hasSize(GateName.values().length);
        assertThat(intrusionFailsWith(ts.get(0).getGates(), alertId))
            .as("%s: INTRUSION fails with evidence %s; gates %s", s, alertId, ts.get(0).getGates())
            .isTrue();
      }
      System.out.println(
          "SiteWideEvidenceIT: "
              + byService.size()
              + " services blocked by "
              + alertId
              + " after "
              + passRounds[0]
              + " PASS rounds");
    }
  }

  /**
   * Waits (polling in this thread) until {@code done}, failing with {@code what} and {@code state}.
   */
  private static void await(
      String what, Supplier<String> state, Duration interval, Callable<Boolean> done) {
    try {
      Awaitility.await(what)
          .atMost(STEP_TIMEOUT)
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(interval)
          .until(done);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + " within " + STEP_TIMEOUT + "; " + state.get(), e);
    }
  }

  /** Both sites UP and all five gates on the standby (dr) passing. */
  private static boolean healthyAndGated(FailoverState snap) {
    return snap.getSiteHealth().size() == 2
        && snap.getSiteHealth().values().stream().allMatch(h -> h == SiteHealth.UP)
        && snap.getGates().size() == GateName.values().length
        && snap.getGates().stream().allMatch(GateResult::getPassed);
  }

  /** The INTRUSION gate fails, on exactly this one signal, unwaived. */
  private static boolean intrusionFailsWith(List<GateResult> gates, String signalId) {
    return gates.stream()
            .filter(g -> g.getGate() == GateName.INTRUSION)
            .filter(g -> !g.getPassed() && !g.getWaived())
            .filter(g -> g.getEvidenceEventIds().equals(List.of(signalId)))
            .count()
        == 1;
  }

  /**
   * One probe result per service, site and vantage: {@code primaryStatus} on primary, PASS on dr.
   */
  private static void round(
      CorrelatorRig rig,
      Events ev,
      List<String> services,
      String primary,
      CheckStatus primaryStatus,
      String dr) {
    ev.nextRound();
    for (String s : services) {
      for (String v : VANTAGES) {
        rig.send(Topics.HEALTH, s, ev.probe(s, primary, v, primaryStatus));
        rig.send(Topics.HEALTH, s, ev.probe(s, dr, v, CheckStatus.PASS));
      }
    }
    rig.flush();
  }

  /** Input events with random ids; probe rounds get strictly increasing {@code observed_at}. */
  private static final class Events {
    private Instant roundAt = Instant.EPOCH;

    void nextRound() {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      roundAt = now.isAfter(roundAt) ? now : roundAt.plusMillis(1);
    }

    HealthCheckResult probe(String service, String site, String vantage, CheckStatus status) {
      return EventFixtures.probe(service, site, vantage, status, roundAt);
    }

    /** A good SITE-scoped finding: heartbeat OK, baseline checked, valid cert, key k1 at 7. */
    PostureFinding siteWide(String site, PostureCheck check) {
      Instant now = Instant.now();
      PostureFinding finding =
          check == PostureCheck.IDS_HEARTBEAT
              ? SampleEvents.heartbeat("", site, now)
              : SampleEvents.goodPosture("", site, now).stream()
                  .filter(f -> f.getFinding().getCheck() == check)
                  .findFirst()
                  .orElseThrow();
      finding.setScope(EvidenceScope.SITE);
      return finding;
    }

    SecuritySignal siteWideSignal(String site, Severity severity) {
      return SampleEvents.intrusion("", site, severity, Instant.now())
          .setScope(EvidenceScope.SITE)
          .build();
    }
  }

  /** The latest state snapshot of each of this test's services. */
  private static final class Latest {
    private final List<String> services;
    private final TopicWatch<FailoverState> snapshots;
    private final Map<String, FailoverState> latest = new HashMap<>();
    private int read;

    Latest(List<String> services, TopicWatch<FailoverState> snapshots) {
      this.services = services;
      this.snapshots = snapshots;
    }

    /** Reads what arrived, then: does every service's latest snapshot match? */
    boolean all(Predicate<FailoverState> condition) {
      snapshots.poll();
      List<FailoverState> seen = snapshots.seen();
      for (; read < seen.size(); read++) {
        latest.put(seen.get(read).getService().toString(), seen.get(read));
      }
      return services.stream().allMatch(s -> matches(s, condition));
    }

    String describe(Predicate<FailoverState> condition) {
      List<String> not = services.stream().filter(s -> !matches(s, condition)).toList();
      return not.size()
          + " of "
          + services.size()
          + " services do not match, e.g. "
          + (not.isEmpty() ? "-" : not.get(0) + ": " + latest.get(not.get(0)));
    }

    private boolean matches(String service, Predicate<FailoverState> condition) {
      FailoverState s = latest.get(service);
      return s != null && condition.test(s);
    }
  }
}
