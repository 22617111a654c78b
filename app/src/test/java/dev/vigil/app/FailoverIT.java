package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.HealthCheck;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.ProbeType;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.catalog.CatalogueBootstrap;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.Verification;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
        KafkaProducer<String, byte[]> producer = platform.producer();
        KafkaConsumer<String, byte[]> triggers =
            platform.readCommittedConsumer(Topics.FAILOVER_TRIGGERS.name())) {
      Events events = new Events(service, registry, producer);
      // Given healthy sites with good posture, probes every second from two vantage points
      for (String site : List.of("primary", "dr")) {
        events.send(Topics.POSTURE, events.drift(site));
        events.send(Topics.POSTURE, events.cert(site));
        events.send(Topics.POSTURE, events.key(site));
      }
      feeder.scheduleAtFixedRate(() -> events.round(primary), 0, 1, TimeUnit.SECONDS);
      List<FailoverTrigger> seen = new ArrayList<>();
      VigilProcess app = start(dataDir, config);
      try {
        Thread.sleep(4000);
        // When primary fails from both vantage points
        long failedAt = System.nanoTime();
        primary = CheckStatus.FAIL;
        awaitStage(
            triggers, registry, service, seen, t -> t.getStage().name().equals("PREPARE"), app);
        System.out.printf(
            "PREPARE visible (read_committed) %d ms after primary started failing%n",
            Duration.ofNanos(System.nanoTime() - failedAt).toMillis());

        // And the app is killed hard between stages, twice, and restarted on the same data dir
        assertThat(stages(seen)).containsExactly("PREPARE:0");
        app.kill();
        app = start(dataDir, config);
        awaitStage(triggers, registry, service, seen, t -> t.getTrafficPercent() == 50, app);
        assertThat(stages(seen)).containsExactly("PREPARE:0", "SHIFT:50");
        app.kill();
        app = start(dataDir, config);
        awaitStage(
            triggers, registry, service, seen, t -> t.getStage().name().equals("COMPLETE"), app);
        Thread.sleep(3000); // anything duplicated would show up by now
        drain(triggers, registry, service, seen);
      } finally {
        feeder.shutdownNow();
        app.close();
      }

      // Then the full trigger sequence appears exactly once each
      assertThat(stages(seen)).containsExactlyElementsOf(EXPECTED);
      assertThat(seen.stream().map(FailoverTrigger::getTriggerId).distinct()).hasSize(4);
      assertThat(seen.stream().map(FailoverTrigger::getIncidentId).distinct()).hasSize(1);

      // And the failover audit chain on vigil.audit.v1 verifies, with each trigger in it once
      List<AuditRecord> audit = readAudit(platform, registry);
      Map<String, Verification> verified = AuditChain.verifyAll(audit);
      assertThat(verified.get("failover").ok()).as(verified.toString()).isTrue();
      assertThat(
              audit.stream()
                  .filter(r -> r.getAction().equals("trigger") && r.getSubject().equals(service))
                  .map(r -> r.getDetails().get("trigger_id")))
          .containsExactlyElementsOf(seen.stream().map(FailoverTrigger::getTriggerId).toList());
    }
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
        registry:
          url: %s
        telemetry:
          prometheusPort: -1
        redaction:
          applicationId: %s
        sites: [primary, dr]
        services:
          %s: {active: primary, standby: dr, quorum: 2, failureThreshold: 3, successThreshold: 2, staleTimeout: 60s}
        failover:
          prepareDwell: 8s
          steps: [{percent: 50, dwell: 8s}, {percent: 100, dwell: 8s}]
        """
        .formatted(
            platform.bootstrapServers(),
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

  private static void awaitStage(
      KafkaConsumer<String, byte[]> consumer,
      SchemaRegistryClient registry,
      String service,
      List<FailoverTrigger> seen,
      Predicate<FailoverTrigger> stage,
      VigilProcess app)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (System.nanoTime() < deadline) {
      drain(consumer, registry, service, seen);
      if (seen.stream().anyMatch(stage)) {
        return;
      }
      if (!app.isAlive()) {
        throw new AssertionError("vigil exited:\n" + app.output());
      }
    }
    throw new AssertionError("stage not reached; triggers so far " + seen + "\n" + app.output());
  }

  private static void drain(
      KafkaConsumer<String, byte[]> consumer,
      SchemaRegistryClient registry,
      String service,
      List<FailoverTrigger> seen) {
    var decoder = Topics.FAILOVER_TRIGGERS.valueSerde(registry).deserializer();
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
      if (service.equals(r.key())) {
        seen.add(decoder.deserialize(r.topic(), r.value()));
      }
    }
  }

  private static List<AuditRecord> readAudit(
      VigilPlatform platform, SchemaRegistryClient registry) {
    var decoder = Topics.AUDIT.valueSerde(registry).deserializer();
    List<AuditRecord> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = platform.readCommittedConsumer(Topics.AUDIT.name())) {
      TopicPartition tp = new TopicPartition(Topics.AUDIT.name(), 0);
      long end = c.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (c.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.add(decoder.deserialize(r.topic(), r.value()));
        }
      }
    }
    return out;
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
          ((Topic) topic).valueSerde(registry).serializer().serialize(topic.name(), event);
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
      return HealthCheckResult.newBuilder()
          .setEventId(UUID.randomUUID())
          .setKind(EventKind.HEALTH)
          .setSite(site)
          .setService(service)
          .setSource("probe-" + vantage)
          .setObservedAt(Instant.now())
          .setCheck(
              HealthCheck.newBuilder()
                  .setName("http")
                  .setProbe(ProbeType.HTTP)
                  .setTarget("https://" + site + ".example/health")
                  .setVantage(vantage)
                  .setStatus(status)
                  .setLatencyMs(12)
                  .build())
          .build();
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
      return PostureFinding.newBuilder()
          .setEventId(UUID.randomUUID())
          .setKind(EventKind.POSTURE)
          .setSite(site)
          .setService(service)
          .setSource("posture")
          .setObservedAt(Instant.now())
          .setFinding(
              Finding.newBuilder()
                  .setCheck(check)
                  .setStatus(FindingStatus.OK)
                  .setSeverity(Severity.INFO)
                  .setControlId(control)
                  .build());
    }
  }
}
