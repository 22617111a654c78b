package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.AuditKeys;
import dev.vigil.streams.audit.AuditVerifier;
import dev.vigil.streams.audit.Verification;
import dev.vigil.testkit.AuditTopic;
import dev.vigil.testkit.EventFixtures;
import dev.vigil.testkit.TopicWatch;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once claim of the failover correlator on a real broker: {@code vigil streams} in a
 * child JVM is killed hard (destroyForcibly, no shutdown hook) after PREPARE and again after the
 * first SHIFT, restarted on the same data dir each time, and the incident still runs to COMPLETE
 * with every trigger exactly once (read_committed, counted by trigger_id); the audit chain
 * verifies.
 */
@ExtendWith(VigilPlatformExtension.class)
class FailoverIT {
  private static final List<String> EXPECTED =
      List.of("PREPARE:0", "SHIFT:50", "SHIFT:100", "COMPLETE:100");

  @TempDir Path tmp;

  private volatile CheckStatus primary = CheckStatus.PASS;

  @Test
  void shouldContinueTheIncidentAcrossHardKillsWithEveryTriggerExactlyOnce(VigilPlatform platform)
      throws Exception {
    String service = platform.uniqueName("svc");
    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
    Path config = tmp.resolve("vigil.yaml");
    Files.writeString(config, config(platform, service));
    Path dataDir = tmp.resolve("D");

    ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
    try (SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of());
        KafkaProducer<String, byte[]> producer = platform.producer()) {
      Events events = new Events(service, registry, producer);
      // Given healthy sites with good posture, probes every second from two vantage points
      for (String site : List.of("primary", "dr")) {
        events.send(Topics.POSTURE, events.drift(site));
        events.send(Topics.POSTURE, events.cert(site));
        events.send(Topics.POSTURE, events.key(site));
      }
      feeder.scheduleAtFixedRate(() -> events.round(primary), 0, 1, TimeUnit.SECONDS);
      VigilProcess app = start(dataDir, config);
      TopicWatch<FailoverTrigger> triggers = watchTriggers(platform, registry, service);
      try (TopicWatch<FailoverState> states = watchStates(platform, registry, service)) {
        // (the correlator has seen both sites UP before anything fails)
        states.await(
            "both sites UP",
            st ->
                st.getSiteHealth().values().stream().allMatch(h -> h == SiteHealth.UP)
                    && st.getSiteHealth().size() == 2,
            Duration.ofSeconds(120));
        // When primary fails from both vantage points
        long failedAt = System.nanoTime();
        primary = CheckStatus.FAIL;
        await(triggers, app, "PREPARE", t -> t.getStage() == TriggerStage.PREPARE);
        System.out.printf(
            "PREPARE visible (read_committed) %d ms after primary started failing%n",
            Duration.ofNanos(System.nanoTime() - failedAt).toMillis());

        // And the app is killed hard between stages, twice, and restarted on the same data dir
        assertThat(stages(triggers.seen())).containsExactly("PREPARE:0");
        app.kill();
        app = start(dataDir, config);
        await(triggers, app, "SHIFT 50 %", t -> t.getTrafficPercent() == 50);
        assertThat(stages(triggers.seen())).containsExactly("PREPARE:0", "SHIFT:50");
        app.kill();
        app = start(dataDir, config);
        await(triggers, app, "COMPLETE", t -> t.getStage() == TriggerStage.COMPLETE);
        // anything duplicated would show up within a few commit intervals
        triggers.readFor(Duration.ofSeconds(3));
      } finally {
        feeder.shutdownNow();
        app.close();
        triggers.close();
      }
      List<FailoverTrigger> seen = triggers.seen();

      // Then the full trigger sequence appears exactly once each
      assertThat(stages(seen))
          .as(
              "triggers with reasons: %s",
              seen.stream()
                  .map(t -> t.getStage() + " " + t.getReason() + " @" + t.getIssuedAt())
                  .toList())
          .containsExactlyElementsOf(EXPECTED);
      assertThat(seen.stream().map(FailoverTrigger::getTriggerId).distinct()).hasSize(4);
      assertThat(seen.stream().map(FailoverTrigger::getIncidentId).distinct()).hasSize(1);

      // And the failover audit chain on vigil.audit.v1 verifies, with each trigger in it once
      // (the platform is shared by the test run: other tests' correlators write their own
      // "failover" chains to the same topic, so this run's chain is found by its hash links)
      List<AuditRecord> audit =
          ownFailoverChain(
              AuditTopic.chain(platform.clientProperties(), registry, 0, "failover"), service);
      Map<String, Verification> verified = AuditChain.verifyAll(audit);
      assertThat(verified.get("failover").ok()).as(verified.toString()).isTrue();
      // and every record of it is keyed with the data dir's audit keys (the correlator's)
      AuditVerifier.ChainReport keyed =
          new AuditVerifier(AuditKeys.read(dataDir.resolve("keys").resolve("audit")))
              .verify("failover", audit, java.util.Optional.empty());
      assertThat(keyed.ok()).as(keyed.toString()).isTrue();
      assertThat(keyed.unkeyed()).isZero();
      assertThat(
              audit.stream()
                  .filter(r -> r.getAction().equals("trigger") && r.getSubject().equals(service))
                  .map(r -> r.getDetails().get("trigger_id")))
          .containsExactlyElementsOf(seen.stream().map(FailoverTrigger::getTriggerId).toList());
    }
  }

  /**
   * The {@code failover} chain holding the service's records, followed by hash links from its seq
   * 0. Fails when any of the service's records lies outside it: a fork or a restart from genesis of
   * this run's chain would leave some of them behind.
   */
  private static List<AuditRecord> ownFailoverChain(List<AuditRecord> all, String service) {
    List<List<AuditRecord>> chains = new ArrayList<>();
    List<AuditRecord> orphans = new ArrayList<>();
    for (AuditRecord r : all) {
      if (!r.getChain().toString().equals("failover")) {
        continue;
      }
      if (r.getSeq() == 0) {
        chains.add(new ArrayList<>(List.of(r)));
        continue;
      }
      List<AuditRecord> parent =
          chains.stream()
              .filter(
                  c -> c.get(c.size() - 1).getHash().toString().equals(r.getPrevHash().toString()))
              .findFirst()
              .orElse(null);
      if (parent == null) {
        orphans.add(r);
      } else {
        parent.add(r);
      }
    }
    List<List<AuditRecord>> own =
        chains.stream()
            .filter(c -> c.stream().anyMatch(r -> service.equals(r.getSubject().toString())))
            .toList();
    assertThat(own).as("chains holding %s", service).hasSize(1);
    assertThat(orphans).noneMatch(r -> service.equals(r.getSubject().toString()));
    return own.get(0);
  }

  private static List<String> stages(List<FailoverTrigger> seen) {
    return seen.stream().map(t -> t.getStage() + ":" + t.getTrafficPercent()).toList();
  }

  private static String config(VigilPlatform platform, String service) {
    return """
        kafka:
          bootstrapServers: %s
          properties:
            session.timeout.ms: 10000
            heartbeat.interval.ms: 2000
        %s        # staleTimeout well above a restart on a loaded machine: a correlator down for longer than
        # it has no fresh evidence about the target and rightly HOLDs (see docs/failover.md)
        registry:
          url: %s
        telemetry:
          prometheusPort: -1
        redaction:
          applicationId: %s
        sites: [primary, dr]
        services:
          %s: {active: primary, standby: dr, quorum: 2, failureThreshold: 3, successThreshold: 2, staleTimeout: 180s}
        failover:
          prepareDwell: 8s
          steps: [{percent: 50, dwell: 8s}, {percent: 100, dwell: 8s}]
        """
        .formatted(
            platform.bootstrapServers(),
            // the admin's SASL_SSL client properties, as for a secured external cluster
            VigilPlatform.yamlProperties(platform.clientProperties(), "    "),
            platform.registryUrl(),
            platform.uniqueName("redactor"),
            service);
  }

  private static VigilProcess start(Path dataDir, Path config) throws Exception {
    VigilProcess p =
        VigilProcess.start(
            dataDir, "streams", "--config", config.toString(), "--data-dir", dataDir.toString());
    p.awaitEndpoints(Duration.ofSeconds(120));
    return p;
  }

  private static void await(
      TopicWatch<FailoverTrigger> triggers,
      VigilProcess app,
      String what,
      Predicate<FailoverTrigger> stage) {
    triggers
        .failFastWhen(() -> !app.isAlive(), () -> "vigil exited:\n" + app.output())
        .await(what, stage, Duration.ofSeconds(150));
  }

  private static TopicWatch<FailoverTrigger> watchTriggers(
      VigilPlatform platform, SchemaRegistryClient registry, String service) {
    var decoder = TopicSerdes.value(Topics.FAILOVER_TRIGGERS, registry).deserializer();
    return TopicWatch.filtered(
        platform.readCommittedConsumer(Topics.FAILOVER_TRIGGERS.name()),
        r ->
            service.equals(r.key())
                ? Optional.of(decoder.deserialize(r.topic(), r.value()))
                : Optional.empty());
  }

  private static TopicWatch<FailoverState> watchStates(
      VigilPlatform platform, SchemaRegistryClient registry, String service) {
    var decoder = TopicSerdes.value(Topics.FAILOVER_STATE, registry).deserializer();
    return TopicWatch.filtered(
        platform.readCommittedConsumer(Topics.FAILOVER_STATE.name()),
        r ->
            service.equals(r.key()) && r.value() != null
                ? Optional.of(decoder.deserialize(r.topic(), r.value()))
                : Optional.empty());
  }

  /** Redacted-topic events for the service under test, as the redactor would write them. */
  private static final class Events {
    private final String service;
    private final SchemaRegistryClient registry;
    private final KafkaProducer<String, byte[]> producer;

    Events(String service, SchemaRegistryClient registry, KafkaProducer<String, byte[]> producer) {
      this.service = service;
      this.registry = registry;
      this.producer = producer;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void send(Topic<?> topic, SpecificRecord event) {
      byte[] value =
          TopicSerdes.value((Topic) topic, registry).serializer().serialize(topic.name(), event);
      producer.send(new ProducerRecord<>(topic.name(), service, value));
    }

    void round(CheckStatus primary) {
      try {
        for (String v : List.of("v1", "v2")) {
          send(Topics.HEALTH, probe("primary", v, primary));
          send(Topics.HEALTH, probe("dr", v, CheckStatus.PASS));
        }
        send(Topics.POSTURE, heartbeat("primary"));
        send(Topics.POSTURE, heartbeat("dr"));
      } catch (RuntimeException e) {
        e.printStackTrace();
      }
    }

    HealthCheckResult probe(String site, String vantage, CheckStatus status) {
      return EventFixtures.probe(service, site, vantage, status, Instant.now());
    }

    PostureFinding heartbeat(String site) {
      return finding(site, PostureCheck.IDS_HEARTBEAT, "ids").build();
    }

    PostureFinding drift(String site) {
      return finding(site, PostureCheck.DRIFT, "baseline").build();
    }

    PostureFinding cert(String site) {
      PostureFinding f = finding(site, PostureCheck.CERTIFICATE, "tls-main").build();
      f.getFinding().setNotAfter(Instant.now().plus(Duration.ofDays(90)));
      f.getFinding().setCertFingerprint("AA:BB");
      return f;
    }

    PostureFinding key(String site) {
      PostureFinding f = finding(site, PostureCheck.KEY_VERSION, "keys").build();
      f.getFinding().setKeyId("k1");
      f.getFinding().setKeyVersion("7");
      return f;
    }

    private PostureFinding.Builder finding(String site, PostureCheck check, String control) {
      return EventFixtures.finding(service, site, check, control, Instant.now());
    }
  }
}
