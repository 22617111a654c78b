package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.catalog.TopicSizing;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.Verification;
import dev.vigil.testkit.ClusterPlatform;
import dev.vigil.testkit.ClusterPlatformExtension;
import dev.vigil.testkit.TopicWatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losing a location on a real three-broker cluster (racks primary, backup, witness; RF 3, min ISR
 * 2): two {@code vigil streams} instances in their own JVMs, one per site, share the correlator's
 * tasks with one standby replica. Mid-incident the instance running the service's task is killed
 * hard (SIGKILL) and so is the primary location's broker; the other instance takes the task over
 * and carries the incident to COMPLETE with every trigger exactly once (read_committed, by
 * trigger_id), no acknowledged event is lost, and the audit chain verifies.
 */
@ExtendWith(ClusterPlatformExtension.class)
class SiteLossIT {
  private static final List<String> EXPECTED =
      List.of("PREPARE:0", "SHIFT:50", "SHIFT:100", "COMPLETE:100");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path tmp;

  private volatile CheckStatus primary = CheckStatus.PASS;

  @Test
  void shouldCarryTheIncidentOnAtTheSurvivingSiteWhenALocationIsLostHard(ClusterPlatform platform)
      throws Exception {
    String service = platform.uniqueName("svc");
    int standbys = Integer.getInteger("vigil.siteloss.standbys", 1);
    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(
          admin,
          registry,
          Topics.ALL,
          true,
          t -> new TopicSizing(t.partitions(), OptionalInt.of(3), OptionalInt.of(2)));
    }
    String redactor = platform.uniqueName("redactor");
    Path primaryConfig = config(platform, service, redactor, "primary", standbys);
    Path backupConfig = config(platform, service, redactor, "backup", standbys);

    ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    VigilProcess atPrimary = null;
    VigilProcess atBackup = null;
    try (SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of());
        KafkaProducer<String, byte[]> producer = platform.producer()) {
      IncidentFeed events = new IncidentFeed(service, registry, producer, acknowledged);
      // Given healthy sites with good posture, probes every second from two vantage points
      for (String site : List.of("primary", "dr")) {
        events.posture(site);
      }
      feeder.scheduleAtFixedRate(() -> events.round(primary), 0, 1, TimeUnit.SECONDS);
      // And one Vigil instance per site, sharing the work
      atPrimary =
          VigilProcess.start(tmp.resolve("primary"), streamsArgs(tmp, primaryConfig, "primary"));
      atBackup =
          VigilProcess.start(tmp.resolve("backup"), streamsArgs(tmp, backupConfig, "backup"));
      Map<String, String> primaryEndpoints = atPrimary.awaitEndpoints(Duration.ofSeconds(150));
      Map<String, String> backupEndpoints = atBackup.awaitEndpoints(Duration.ofSeconds(150));
      TopicWatch<FailoverTrigger> triggers = watchTriggers(platform, registry, service);
      List<FailoverTrigger> seen;
      try (TopicWatch<FailoverState> states = watchStates(platform, registry, service)) {
        states.await(
            "both sites UP",
            st ->
                st.getSiteHealth().size() == 2
                    && st.getSiteHealth().values().stream().allMatch(h -> h == SiteHealth.UP),
            Duration.ofSeconds(120));
        // When primary fails and the correlator issues PREPARE
        primary = CheckStatus.FAIL;
        VigilProcess p = atPrimary;
        VigilProcess b = atBackup;
        triggers
            .failFastWhen(
                () -> !p.isAlive() || !b.isAlive(), () -> "an instance exited:\n" + p.output())
            .await("PREPARE", t -> t.getStage() == TriggerStage.PREPARE, Duration.ofSeconds(150));
        assertThat(stages(triggers.seen())).containsExactly("PREPARE:0");
        // And the location running the service's task is lost hard: its instance and its broker
        boolean primaryOwns = owns(primaryEndpoints, service);
        VigilProcess owner = primaryOwns ? atPrimary : atBackup;
        VigilProcess survivor = primaryOwns ? atBackup : atPrimary;
        Map<String, String> survivorEndpoints = primaryOwns ? backupEndpoints : primaryEndpoints;
        long lostAt = System.nanoTime();
        owner.kill();
        platform.cluster().kill(primaryOwns ? "primary" : "backup");
        // Then the survivor serves the service's state (it has taken the task over) ...
        Awaitility.await("the survivor serves " + service)
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(250))
            .failFast("the survivor exited", () -> !survivor.isAlive())
            .until(() -> owns(survivorEndpoints, service));
        long takeoverMs = Duration.ofNanos(System.nanoTime() - lostAt).toMillis();
        System.out.printf(
            "site loss: survivor took over in %d ms (standby replicas %d)%n", takeoverMs, standbys);
        // ... and carries the incident on to COMPLETE
        triggers
            .failFastWhen(() -> !survivor.isAlive(), () -> "survivor exited:\n" + survivor.output())
            .await("COMPLETE", t -> t.getStage() == TriggerStage.COMPLETE, Duration.ofSeconds(180));
        triggers.readFor(Duration.ofSeconds(3)); // a duplicate would show within a few commits
        seen = triggers.seen();
      } finally {
        feeder.shutdownNow();
        feeder.awaitTermination(10, TimeUnit.SECONDS);
        producer.flush();
        triggers.close();
      }

      // Then every trigger of the incident appears exactly once, in order
      assertThat(stages(seen)).containsExactlyElementsOf(EXPECTED);
      assertThat(seen.stream().map(FailoverTrigger::getTriggerId).distinct()).hasSize(4);
      assertThat(seen.stream().map(FailoverTrigger::getIncidentId).distinct()).hasSize(1);
      // And no health event acknowledged by the cluster is missing from it
      Set<String> stored = new HashSet<>();
      var decoder = TopicSerdes.value(Topics.HEALTH, registry).deserializer();
      for (byte[] value : IncidentFeed.readAll(platform, Topics.HEALTH.name())) {
        HealthCheckResult r = (HealthCheckResult) decoder.deserialize(Topics.HEALTH.name(), value);
        stored.add(r.getEventId().toString());
      }
      assertThat(acknowledged).hasSizeGreaterThan(20);
      assertThat(stored).containsAll(acknowledged);
      // And the audit chain verifies, with each trigger in it once
      List<AuditRecord> audit = IncidentFeed.readAudit(platform, registry);
      Map<String, Verification> verified = AuditChain.verifyAll(audit);
      assertThat(verified.get("failover").ok()).as(verified.toString()).isTrue();
      assertThat(
              audit.stream()
                  .filter(r -> r.getAction().equals("trigger") && r.getSubject().equals(service))
                  .map(r -> r.getDetails().get("trigger_id")))
          .containsExactlyElementsOf(seen.stream().map(FailoverTrigger::getTriggerId).toList());
    } finally {
      feeder.shutdownNow();
      if (atPrimary != null) {
        atPrimary.close();
      }
      if (atBackup != null) {
        atBackup.close();
      }
    }
  }

  /** True when this instance's status API serves the service: it runs the service's task. */
  private static boolean owns(Map<String, String> endpoints, String service) {
    try {
      URI uri = URI.create(endpoints.get("status")).resolve("api/v1/services/" + service);
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String[] streamsArgs(Path tmp, Path config, String site) {
    return new String[] {
      "streams", "--config", config.toString(), "--data-dir", tmp.resolve(site).toString()
    };
  }

  private Path config(
      ClusterPlatform platform, String service, String redactor, String site, int standbys)
      throws Exception {
    Path file = tmp.resolve(site + ".yaml");
    Files.writeString(
        file,
        """
        kafka:
          bootstrapServers: %s
          properties:
            session.timeout.ms: 6000
            heartbeat.interval.ms: 1500
        registry:
          url: %s
        telemetry:
          prometheusPort: -1
        instance: {id: vigil-%s, site: %s}
        topics: {replicationFactor: 3, minInsyncReplicas: 2}
        streams: {standbyReplicas: %d}
        redaction:
          applicationId: %s
        failover:
          applicationId: %s-failover
          prepareDwell: 8s
          steps: [{percent: 50, dwell: 8s}, {percent: 100, dwell: 8s}]
        sites: [primary, dr]
        services:
          %s: {active: primary, standby: dr, quorum: 2, failureThreshold: 3, successThreshold: 2, staleTimeout: 180s}
        """
            .formatted(
                platform.bootstrapServers(),
                platform.registryUrl(),
                site,
                site,
                standbys,
                redactor,
                redactor,
                service));
    return file;
  }

  private static List<String> stages(List<FailoverTrigger> seen) {
    return seen.stream().map(t -> t.getStage() + ":" + t.getTrafficPercent()).toList();
  }

  private static TopicWatch<FailoverTrigger> watchTriggers(
      ClusterPlatform platform, SchemaRegistryClient registry, String service) {
    var decoder = TopicSerdes.value(Topics.FAILOVER_TRIGGERS, registry).deserializer();
    return TopicWatch.filtered(
        platform.readCommittedConsumer(Topics.FAILOVER_TRIGGERS.name()),
        r ->
            service.equals(r.key())
                ? Optional.of(decoder.deserialize(r.topic(), r.value()))
                : Optional.empty());
  }

  private static TopicWatch<FailoverState> watchStates(
      ClusterPlatform platform, SchemaRegistryClient registry, String service) {
    var decoder = TopicSerdes.value(Topics.FAILOVER_STATE, registry).deserializer();
    return TopicWatch.filtered(
        platform.readCommittedConsumer(Topics.FAILOVER_STATE.name()),
        r ->
            service.equals(r.key()) && r.value() != null
                ? Optional.of(decoder.deserialize(r.topic(), r.value()))
                : Optional.empty());
  }
}
