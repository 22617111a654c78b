package dev.vigil.streams.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
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
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.SampleEvents;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.GatesConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import dev.vigil.streams.failover.config.TrafficStep;
import dev.vigil.streams.failover.topology.FailoverApp;
import dev.vigil.testkit.EventFixtures;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import io.opentelemetry.api.OpenTelemetry;
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
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
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
    FailoverPolicy policy =
        FailoverPolicy.of(
            "2s",
            List.of(
                TrafficStep.of(50, Duration.ofSeconds(2)),
                TrafficStep.of(100, Duration.ofSeconds(2))),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    FailoverConfig config =
        FailoverConfig.of(List.of(primary, dr), configured, policy, GatesConfig.defaults());

    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
      // the correlator's own user, with the ACLs vigil run gives it, under this run's app id
      String applicationId = platform.uniqueName("vigil-failover");
      Map<String, Object> client =
          platform.streamsClientProperties(Principal.CORRELATOR, applicationId);
      try (KafkaProducer<String, byte[]> producer = platform.producer();
          Outputs out = new Outputs(platform, registry, services);
          FailoverApp app =
              FailoverApp.start(
                  config,
                  new FailoverApp.Settings(
                      applicationId,
                      Duration.ofMillis(250),
                      stateDir,
                      Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)),
                  client,
                  registry,
                  OpenTelemetry.noop())) {
        Events ev = new Events();

        // And good posture on both sites, all of it site-wide: 8 records for 200 services
        for (String site : List.of(primary, dr)) {
          send(
              producer,
              registry,
              Topics.POSTURE,
              "",
              ev.siteWide(site, PostureCheck.IDS_HEARTBEAT));
          send(producer, registry, Topics.POSTURE, "", ev.siteWide(site, PostureCheck.DRIFT));
          send(producer, registry, Topics.POSTURE, "", ev.siteWide(site, PostureCheck.CERTIFICATE));
          send(producer, registry, Topics.POSTURE, "", ev.siteWide(site, PostureCheck.KEY_VERSION));
        }
        producer.flush();

        // And both sites UP for every service, every gate on dr passing
        int passRounds = 0;
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (passRounds < 2
            || !out.everySnapshot(SiteWideEvidenceIT::healthyAndGated, Duration.ofSeconds(1))) {
          assertThat(System.nanoTime())
              .as(
                  "every service UP on both sites with every gate passing within %s; %s",
                  STEP_TIMEOUT, out.describe(SiteWideEvidenceIT::healthyAndGated))
              .isLessThan(deadline);
          round(producer, registry, ev, services, primary, CheckStatus.PASS, dr);
          passRounds++;
        }

        // When one HIGH IDS alert arrives for the whole dr site
        SecuritySignal alert = ev.siteWideSignal(dr, Severity.HIGH);
        String alertId = alert.getEventId().toString();
        send(producer, registry, Topics.SECURITY, "", alert);
        producer.flush();
        assertThat(
                out.everySnapshot(
                    snap -> intrusionFailsWith(snap.getGates(), alertId), STEP_TIMEOUT))
            .as(
                "every service's dr INTRUSION gate names %s; %s",
                alertId, out.describe(snap -> intrusionFailsWith(snap.getGates(), alertId)))
            .isTrue();

        // And primary fails for every service (failureThreshold 3, both vantages)
        for (int i = 0; i < 3; i++) {
          round(producer, registry, ev, services, primary, CheckStatus.FAIL, dr);
          out.pollFor(Duration.ofMillis(300));
        }

        // Then every service is blocked, by that alert, exactly once
        Awaitility.await("a trigger for every service")
            .atMost(STEP_TIMEOUT)
            .pollInSameThread()
            .pollInterval(Duration.ZERO)
            .until(
                () -> {
                  out.pollFor(Duration.ofMillis(200));
                  return out.triggers.size() >= SERVICES;
                });
        out.pollFor(Duration.ofSeconds(3)); // ticks (250 ms) that would repeat a decision
        assertThat(out.triggers.keySet()).as("services with a trigger").hasSize(SERVICES);
        for (String s : services) {
          List<FailoverTrigger> ts = out.triggers.getOrDefault(s, List.of());
          assertThat(ts).as("triggers of %s (one decision per service)", s).hasSize(1);
          FailoverTrigger t = ts.get(0);
          assertThat(t.getStage()).as(s).isEqualTo(TriggerStage.BLOCKED);
          assertThat(t.getFromSite()).as(s).isEqualTo(primary);
          assertThat(t.getToSite()).as(s).isEqualTo(dr);
          assertThat(t.getTrafficPercent()).as(s).isZero();
          assertThat(intrusionFailsWith(t.getGates(), alertId))
              .as("%s: INTRUSION fails with evidence %s; gates %s", s, alertId, t.getGates())
              .isTrue();
          assertThat(t.getGates())
              .as("%s: every other gate passes", s)
              .filteredOn(g -> g.getGate() != GateName.INTRUSION)
              .extracting(GateResult::getGate)
              .containsExactlyInAnyOrder(
                  GateName.DRIFT, GateName.IDS_HEARTBEAT, GateName.CERTIFICATE, GateName.KEY_SYNC);
          assertThat(t.getGates())
              .as("%s: every other gate passes", s)
              .filteredOn(g -> g.getGate() != GateName.INTRUSION)
              .allMatch(GateResult::getPassed);
        }
        System.out.println(
            "SiteWideEvidenceIT: "
                + out.triggers.size()
                + " services blocked by "
                + alertId
                + " after "
                + passRounds
                + " PASS rounds");
      }
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
      KafkaProducer<String, byte[]> producer,
      SchemaRegistryClient registry,
      Events ev,
      List<String> services,
      String primary,
      CheckStatus primaryStatus,
      String dr) {
    ev.nextRound();
    for (String s : services) {
      for (String v : VANTAGES) {
        send(producer, registry, Topics.HEALTH, s, ev.probe(s, primary, v, primaryStatus));
        send(producer, registry, Topics.HEALTH, s, ev.probe(s, dr, v, CheckStatus.PASS));
      }
    }
    producer.flush();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void send(
      KafkaProducer<String, byte[]> producer,
      SchemaRegistryClient registry,
      Topic<?> topic,
      String key,
      SpecificRecord event) {
    byte[] value =
        TopicSerdes.value((Topic) topic, registry).serializer().serialize(topic.name(), event);
    producer.send(new ProducerRecord<>(topic.name(), key, value));
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

  /** The correlator's triggers and latest snapshot per service, for this test's services only. */
  private static final class Outputs implements AutoCloseable {
    final Map<String, List<FailoverTrigger>> triggers = new TreeMap<>();
    final Map<String, FailoverState> snapshots = new HashMap<>();
    private final List<String> services;
    private final Set<String> ours;
    private final KafkaConsumer<String, byte[]> triggerConsumer;
    private final KafkaConsumer<String, byte[]> snapshotConsumer;
    private final Deserializer<FailoverTrigger> triggerDecoder;
    private final Deserializer<FailoverState> snapshotDecoder;

    Outputs(VigilPlatform platform, SchemaRegistryClient registry, List<String> services) {
      this.services = services;
      this.ours = Set.copyOf(services);
      this.triggerConsumer = platform.readCommittedConsumer(Topics.FAILOVER_TRIGGERS.name());
      this.snapshotConsumer = platform.readCommittedConsumer(Topics.FAILOVER_STATE.name());
      this.triggerDecoder = TopicSerdes.value(Topics.FAILOVER_TRIGGERS, registry).deserializer();
      this.snapshotDecoder = TopicSerdes.value(Topics.FAILOVER_STATE, registry).deserializer();
    }

    void pollFor(Duration d) {
      long until = System.nanoTime() + d.toNanos();
      do {
        for (ConsumerRecord<String, byte[]> r : triggerConsumer.poll(Duration.ofMillis(50))) {
          if (ours.contains(r.key())) {
            triggers
                .computeIfAbsent(r.key(), k -> new ArrayList<>())
                .add(triggerDecoder.deserialize(r.topic(), r.value()));
          }
        }
        for (ConsumerRecord<String, byte[]> r : snapshotConsumer.poll(Duration.ofMillis(50))) {
          if (ours.contains(r.key())) {
            snapshots.put(r.key(), snapshotDecoder.deserialize(r.topic(), r.value()));
          }
        }
      } while (System.nanoTime() < until);
    }

    /** Polls until every service's latest snapshot matches, at most {@code timeout}. */
    boolean everySnapshot(Predicate<FailoverState> condition, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      do {
        pollFor(Duration.ofMillis(200));
        if (services.stream().allMatch(s -> matches(s, condition))) {
          return true;
        }
      } while (System.nanoTime() < deadline);
      return false;
    }

    String describe(Predicate<FailoverState> condition) {
      List<String> not = services.stream().filter(s -> !matches(s, condition)).toList();
      return not.size()
          + " of "
          + services.size()
          + " services do not match, e.g. "
          + (not.isEmpty() ? "-" : not.get(0) + ": " + snapshots.get(not.get(0)));
    }

    private boolean matches(String service, Predicate<FailoverState> condition) {
      FailoverState s = snapshots.get(service);
      return s != null && condition.test(s);
    }

    @Override
    public void close() {
      triggerConsumer.close();
      snapshotConsumer.close();
    }
  }
}
