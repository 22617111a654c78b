package dev.vigil.streams.failover;

import static dev.vigil.streams.failover.Harness.DR;
import static dev.vigil.streams.failover.Harness.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.Verification;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.GatesConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import dev.vigil.streams.failover.config.TrafficStep;
import dev.vigil.streams.failover.topology.FailoverApp;
import dev.vigil.streams.failover.topology.FailoverTopology;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FailoverApp} on a real broker with several services spread over the three input partitions
 * and two stream threads: every service fails over through all stages, and the entries of all those
 * tasks end up on one {@code failover} chain that verifies (the single-writer design).
 */
@ExtendWith(VigilPlatformExtension.class)
class FailoverAppIT {
  private static final int SERVICES = 6;

  @TempDir Path stateDir;

  @Test
  void shouldFailOverEveryServiceAndSealAllTasksEntriesOnOneVerifiableChain(VigilPlatform platform)
      throws Exception {
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
        FailoverConfig.of(List.of(PRIMARY, DR), configured, policy, GatesConfig.defaults());

    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
      // the correlator's own user, with the ACLs vigil run gives it, under this run's app id
      String applicationId = platform.uniqueName("vigil-failover");
      Map<String, Object> client =
          platform.streamsClientProperties(Principal.CORRELATOR, applicationId);
      // other ITs' correlators seal their own chains on the same topic: verify only this run's
      long auditStart = auditEnd(platform);
      try (KafkaProducer<String, byte[]> producer = platform.producer();
          KafkaConsumer<String, byte[]> triggers =
              platform.readCommittedConsumer(Topics.FAILOVER_TRIGGERS.name());
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
        Harness h = new Harness(config);
        h.now = Instant.now(); // posture must be fresh (gates' maxAge)
        for (String s : services) {
          for (String site : List.of(PRIMARY, DR)) {
            send(
                producer,
                registry,
                Topics.POSTURE,
                s,
                h.cert(site, "tls-main", Instant.now().plus(Duration.ofDays(90)), "AA:BB"));
            send(producer, registry, Topics.POSTURE, s, h.key(site, "k1", "7"));
            send(
                producer,
                registry,
                Topics.POSTURE,
                s,
                h.finding(site, PostureCheck.DRIFT, FindingStatus.OK, Severity.MEDIUM, "baseline"));
          }
        }
        Map<String, List<FailoverTrigger>> seen = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int round = 0;
        Instant failing = null;
        while (System.nanoTime() < deadline && !allComplete(seen, services)) {
          CheckStatus primary = round++ < 4 ? CheckStatus.PASS : CheckStatus.FAIL;
          if (primary == CheckStatus.FAIL && failing == null) {
            failing = Instant.now();
          }
          h.now = Instant.now();
          for (String s : services) {
            for (String v : List.of("v1", "v2")) {
              send(producer, registry, Topics.HEALTH, s, h.probe(PRIMARY, v, primary));
              send(producer, registry, Topics.HEALTH, s, h.probe(DR, v, CheckStatus.PASS));
            }
            for (String site : List.of(PRIMARY, DR)) {
              send(
                  producer,
                  registry,
                  Topics.POSTURE,
                  s,
                  h.finding(
                      site, PostureCheck.IDS_HEARTBEAT, FindingStatus.OK, Severity.INFO, "ids"));
            }
          }
          producer.flush();
          long until = System.currentTimeMillis() + 500;
          while (System.currentTimeMillis() < until) {
            for (ConsumerRecord<String, byte[]> r : triggers.poll(Duration.ofMillis(100))) {
              if (services.contains(r.key())) {
                FailoverTrigger t =
                    TopicSerdes.value(Topics.FAILOVER_TRIGGERS, registry)
                        .deserializer()
                        .deserialize(r.topic(), r.value());
                seen.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(t);
              }
            }
          }
        }

        // Then every service went through every stage once
        for (String s : services) {
          assertThat(
                  seen.getOrDefault(s, List.of()).stream()
                      .map(t -> t.getStage() + ":" + t.getTrafficPercent()))
              .as(s)
              .containsExactly("PREPARE:0", "SHIFT:50", "SHIFT:100", "COMPLETE:100");
        }
        Instant start = failing;
        System.out.println(
            "PREPARE issued after primary started failing (ms, per service; crossing needs 3 rounds of 0.5 s): "
                + seen.values().stream()
                    .map(
                        l ->
                            Long.toString(
                                Duration.between(start, l.get(0).getIssuedAt()).toMillis()))
                    .collect(Collectors.joining(", ")));

        // And the audit entries of all tasks form one chain that verifies, every trigger in it
        List<AuditRecord> audit = readAudit(platform, registry, auditStart);
        Map<String, Verification> verified = AuditChain.verifyAll(audit);
        assertThat(verified.get(FailoverTopology.AUDIT_CHAIN).ok())
            .as(verified.toString())
            .isTrue();
        for (String s : services) {
          assertThat(
                  audit.stream()
                      .filter(r -> r.getAction().equals("trigger") && r.getSubject().equals(s))
                      .map(r -> r.getDetails().get("trigger_id")))
              .as(s)
              .containsExactlyElementsOf(
                  seen.get(s).stream().map(FailoverTrigger::getTriggerId).toList());
        }
      }
    }
  }

  private static boolean allComplete(
      Map<String, List<FailoverTrigger>> seen, List<String> services) {
    return services.stream()
        .allMatch(
            s ->
                seen.getOrDefault(s, List.of()).stream()
                    .anyMatch(t -> t.getStage().name().equals("COMPLETE")));
  }

  private static int partition(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        % 3;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void send(
      KafkaProducer<String, byte[]> producer,
      SchemaRegistryClient registry,
      Topic<?> topic,
      String service,
      SpecificRecord event) {
    if (event instanceof HealthCheckResult hr) {
      hr.setService(service);
    } else if (event instanceof PostureFinding pf) {
      pf.setService(service);
    }
    byte[] value =
        TopicSerdes.value((Topic) topic, registry).serializer().serialize(topic.name(), event);
    producer.send(new ProducerRecord<>(topic.name(), service, value));
  }

  /** The end offset of the single-partition audit topic. */
  private static long auditEnd(VigilPlatform platform) {
    try (KafkaConsumer<String, byte[]> c = platform.readCommittedConsumer(Topics.AUDIT.name())) {
      org.apache.kafka.common.TopicPartition p =
          new org.apache.kafka.common.TopicPartition(Topics.AUDIT.name(), 0);
      return c.endOffsets(List.of(p)).get(p);
    }
  }

  private static List<AuditRecord> readAudit(
      VigilPlatform platform, SchemaRegistryClient registry, long from) {
    var decoder = TopicSerdes.value(Topics.AUDIT, registry).deserializer();
    List<AuditRecord> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = platform.readCommittedConsumer(Topics.AUDIT.name())) {
      c.seek(new org.apache.kafka.common.TopicPartition(Topics.AUDIT.name(), 0), from);
      // the sealing task runs after the deciding tasks: give it a moment to catch up
      long settle = System.currentTimeMillis() + 3000;
      while (System.currentTimeMillis() < settle) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.add(decoder.deserialize(r.topic(), r.value()));
        }
      }
    }
    return out;
  }
}
