package dev.vigil.streams.failover;

import static dev.vigil.testkit.assertions.VigilAssertions.assertThat;

import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.Verification;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.GatesConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import dev.vigil.streams.failover.topology.FailoverTopology;
import dev.vigil.testkit.AuditTopic;
import dev.vigil.testkit.EventFixtures;
import dev.vigil.testkit.TopicWatch;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link dev.vigil.streams.failover.topology.FailoverApp} on a real broker with two stream threads
 * and services spread over several input partitions: every service fails over through every stage
 * exactly once, and the audit entries of all tasks are sealed onto one chain that verifies.
 */
@ExtendWith(VigilPlatformExtension.class)
class FailoverAppIT {
  private static final String PRIMARY = "primary";
  private static final String DR = "dr";
  private static final int SERVICES = 6;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path stateDir;

  @Test
  void shouldFailOverEveryServiceAndSealAllTasksEntriesOnOneVerifiableChain(VigilPlatform platform)
      throws Exception {
    // Given six services on several input partitions (tasks) and a correlator owning them
    String prefix = platform.uniqueName("svc");
    List<String> services = new ArrayList<>();
    Map<String, ServiceConfig> configured = new TreeMap<>();
    for (int i = 0; i < SERVICES; i++) {
      services.add(prefix + "-" + i);
      configured.put(prefix + "-" + i, ServiceConfig.of(PRIMARY, DR, 2, 3, 2, "60s"));
    }
    assertThat(services.stream().map(FailoverAppIT::partition).distinct().count())
        .as("services spread over several input partitions (tasks)")
        .isGreaterThan(1);
    FailoverConfig config =
        FailoverConfig.of(
            List.of(PRIMARY, DR), configured, CorrelatorRig.quickSteps(), GatesConfig.defaults());
    // other ITs' correlators seal their own chains on the same topic: verify only this run's
    CorrelatorRig.bootstrapCatalogue(platform);
    long auditStart = AuditTopic.end(platform);
    try (CorrelatorRig rig = CorrelatorRig.start(platform, config, stateDir);
        TopicWatch<FailoverTrigger> triggers = rig.triggers(Set.copyOf(services))) {
      // And good posture on both sites (fresh: the gates' maxAge)
      for (String s : services) {
        for (String site : List.of(PRIMARY, DR)) {
          EventFixtures.goodPosture(s, site, Instant.now())
              .forEach(f -> rig.send(Topics.POSTURE, s, f));
        }
      }

      // When both sites pass for four rounds of 0.5 s, then primary fails on both vantages
      Rounds rounds = new Rounds(rig, services);
      Awaitility.await("every service's failover COMPLETE")
          .atMost(TIMEOUT)
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                rounds.next();
                triggers.poll();
                return complete(triggers.seen(), services);
              });

      // Then every service went through every stage once
      Map<String, List<FailoverTrigger>> seen =
          triggers.seen().stream()
              .collect(
                  Collectors.groupingBy(
                      t -> t.getService().toString(), TreeMap::new, Collectors.toList()));
      for (String s : services) {
        assertThat(seen.get(s).stream().map(t -> t.getStage() + ":" + t.getTrafficPercent()))
            .as(s)
            .containsExactly("PREPARE:0", "SHIFT:50", "SHIFT:100", "COMPLETE:100");
        assertThat(seen.get(s).get(0)).forService(s).movesTraffic(PRIMARY, DR).passesAllGates();
      }
      Instant failing = rounds.failingSince;
      System.out.println(
          "PREPARE issued after primary started failing (ms, per service; crossing needs 3 rounds"
              + " of 0.5 s): "
              + seen.values().stream()
                  .map(l -> Duration.between(failing, l.get(0).getIssuedAt()).toMillis())
                  .map(String::valueOf)
                  .collect(Collectors.joining(", ")));

      // And the audit entries of all tasks form one chain that verifies, every trigger in it
      List<String> triggerIds =
          triggers.seen().stream().map(t -> t.getTriggerId().toString()).toList();
      try (TopicWatch<AuditRecord> audit =
          AuditTopic.watch(platform.clientProperties(), rig.registry(), auditStart)) {
        // the sealing task runs after the deciding tasks: wait until it has sealed every trigger
        Awaitility.await("every trigger sealed on the audit chain")
            .atMost(TIMEOUT)
            .pollInSameThread()
            .pollInterval(Duration.ZERO)
            .until(
                () -> {
                  audit.poll();
                  return auditedTriggers(audit.seen(), Set.copyOf(services))
                      .containsAll(triggerIds);
                });
        Map<String, Verification> verified = AuditChain.verifyAll(audit.seen());
        assertThat(verified.get(FailoverTopology.AUDIT_CHAIN).ok())
            .as(verified.toString())
            .isTrue();
        for (String s : services) {
          assertThat(auditedTriggers(audit.seen(), Set.of(s)))
              .as(s)
              .containsExactlyElementsOf(
                  seen.get(s).stream().map(t -> t.getTriggerId().toString()).toList());
        }
      }
    }
  }

  /** Probe rounds: both sites PASS four times, then primary FAIL; IDS heartbeats on both. */
  private static final class Rounds {
    private final CorrelatorRig rig;
    private final List<String> services;
    private int round;
    Instant failingSince;

    Rounds(CorrelatorRig rig, List<String> services) {
      this.rig = rig;
      this.services = services;
    }

    void next() {
      CheckStatus primary = round++ < 4 ? CheckStatus.PASS : CheckStatus.FAIL;
      Instant now = Instant.now();
      if (primary == CheckStatus.FAIL && failingSince == null) {
        failingSince = now;
      }
      for (String s : services) {
        for (String v : List.of("v1", "v2")) {
          rig.send(Topics.HEALTH, s, EventFixtures.probe(s, PRIMARY, v, primary, now));
          rig.send(Topics.HEALTH, s, EventFixtures.probe(s, DR, v, CheckStatus.PASS, now));
        }
        for (String site : List.of(PRIMARY, DR)) {
          rig.send(Topics.POSTURE, s, EventFixtures.heartbeat(s, site, now));
        }
      }
      rig.flush();
    }
  }

  private static boolean complete(List<FailoverTrigger> seen, List<String> services) {
    Set<String> done =
        seen.stream()
            .filter(t -> t.getStage() == TriggerStage.COMPLETE)
            .map(t -> t.getService().toString())
            .collect(Collectors.toSet());
    return done.containsAll(services);
  }

  /** The trigger ids of the audit's {@code trigger} entries about {@code services}, in order. */
  private static List<String> auditedTriggers(List<AuditRecord> audit, Set<String> services) {
    return audit.stream()
        .filter(r -> r.getAction().equals("trigger") && services.contains(r.getSubject()))
        .map(r -> r.getDetails().get("trigger_id"))
        .toList();
  }

  private static int partition(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 3;
  }
}
