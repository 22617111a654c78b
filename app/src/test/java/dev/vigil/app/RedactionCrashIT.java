package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.HealthCheck;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.ProbeType;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.SampleEvents;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.redaction.RedactionHeaders;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redactor's exactly-once and no-leak claims, proven the hard way: 100,000 raw events (and a
 * few hundred undecodable records) while the redactor — {@code vigil streams} in its own JVM — is
 * SIGKILLed twice mid-stream and restarted. Afterwards every input key is on the redacted topics or
 * the quarantine exactly once (read_committed), and no planted PII value is on a redacted topic.
 */
@ExtendWith(VigilPlatformExtension.class)
class RedactionCrashIT {
  private static final int EVENTS = 100_000;
  private static final int GARBAGE = 300;
  private static final String EMAIL = "carol.crash@example.net";
  private static final String IP = "192.0.2.201";
  private static final String CARD = "5555 5555 5555 4444";
  private static final String USER = "carol-the-admin";

  @TempDir Path tmp;

  @Test
  void shouldRouteEveryRecordExactlyOnceAcrossTwoHardKills(VigilPlatform platform)
      throws Exception {
    String run = platform.uniqueName("crash");
    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
    Path config = writeConfig(platform, run);
    Path dataDir = tmp.resolve("redactor");

    // Given 100,000 events with planted PII and 300 undecodable records on the raw topics
    long produced = produce(platform, run);
    int expected = EVENTS + GARBAGE;
    assertThat(produced).isEqualTo(expected);

    // When the redactor runs and is SIGKILLed twice mid-stream
    for (int threshold : new int[] {expected / 5, expected * 3 / 5}) {
      try (VigilProcess redactor = startRedactor(config, dataDir)) {
        long seen = awaitOutputs(platform, threshold, Duration.ofSeconds(240));
        long killedAt = System.nanoTime();
        redactor.close(); // destroyForcibly: SIGKILL, no clean shutdown
        System.out.printf(
            "killed the redactor after >= %d output records (%d seen) at %d%n",
            threshold, seen, killedAt);
      }
    }
    // And a third run is let finish
    Map<String, Integer> counts;
    try (VigilProcess redactor = startRedactor(config, dataDir)) {
      counts = awaitAll(platform, run, expected, Duration.ofSeconds(300));
      assertThat(redactor.terminate(Duration.ofSeconds(30))).as(redactor::diagnostics).isZero();
    }

    // Then every input key is on exactly one output, exactly once
    assertThat(counts).hasSize(expected);
    assertThat(counts.values()).allMatch(c -> c == 1);
    // And no planted value is on any redacted topic
    assertNoPlantedValues(platform, run);
  }

  private Path writeConfig(VigilPlatform platform, String run) throws Exception {
    Path keys = tmp.resolve("keys");
    dev.vigil.redactionrules.keys.KeysetStore.open(keys)
        .create("vigil-pseudonym", java.time.Instant.now());
    Path config = tmp.resolve("streams.yaml");
    Files.writeString(
        config,
        platform.externalConfigYaml()
            + """
            redaction:
              keysDir: %s
              applicationId: %s
            """
                .formatted(keys, run));
    return config;
  }

  private static VigilProcess startRedactor(Path config, Path dataDir) throws Exception {
    VigilProcess p =
        VigilProcess.start(
            dataDir, "streams", "--config", config.toString(), "--data-dir", dataDir.toString());
    p.awaitEndpoints(Duration.ofSeconds(120));
    return p;
  }

  private static long produce(VigilPlatform platform, String run) throws Exception {
    try (SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                collector(platform), new StringSerializer(), new ByteArraySerializer())) {
      AvroSerializer<SpecificRecord> avro = new AvroSerializer<>(registry, false);
      List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        SpecificRecord event = i % 3 == 0 ? health(i) : signal(i);
        String topic = i % 3 == 0 ? Topics.HEALTH_RAW.name() : Topics.SECURITY_RAW.name();
        sends.add(
            producer.send(
                new ProducerRecord<>(topic, run + "-" + i, avro.serialize(topic, event))));
      }
      for (int i = 0; i < GARBAGE; i++) {
        byte[] junk =
            ("{\"user\":\"" + USER + "\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
        sends.add(
            producer.send(
                new ProducerRecord<>(Topics.SECURITY_RAW.name(), run + "-bad-" + i, junk)));
      }
      producer.flush();
      for (var f : sends) {
        f.get(60, TimeUnit.SECONDS);
      }
      return sends.size();
    }
  }

  /** Waits until the output topics' end offsets (incl. markers) pass {@code threshold}. */
  private static long awaitOutputs(VigilPlatform platform, long threshold, Duration timeout)
      throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(platform, "read_uncommitted")) {
      List<TopicPartition> parts = outputPartitions(consumer);
      return org.awaitility.Awaitility.await("outputs reaching " + threshold + " offsets")
          .atMost(timeout)
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum(),
              total -> total >= threshold);
    }
  }

  /** Reads all committed outputs until every expected key has arrived; returns counts per key. */
  private static Map<String, Integer> awaitAll(
      VigilPlatform platform, String run, int expected, Duration timeout) throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(platform, "read_committed")) {
      List<TopicPartition> parts = outputPartitions(consumer);
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      // all arrived, and still so after 3 more seconds of reading (a duplicate would show up here)
      org.awaitility.Awaitility.await("every key on the outputs")
          .atMost(timeout)
          .during(Duration.ofSeconds(3))
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(1))
          .conditionEvaluationListener(
              c -> {
                if (c.getRemainingTimeInMS() <= 0) {
                  System.err.println("only " + counts.size() + " of " + expected + " keys arrived");
                }
              })
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                  String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                  if (key.startsWith(run + "-")) {
                    counts.merge(key, 1, Integer::sum);
                  }
                }
                return counts.size() >= expected;
              });
    }
    return counts;
  }

  private static void assertNoPlantedValues(VigilPlatform platform, String run) {
    byte[][] planted = {
      EMAIL.getBytes(StandardCharsets.UTF_8),
      IP.getBytes(StandardCharsets.UTF_8),
      CARD.getBytes(StandardCharsets.UTF_8),
      USER.getBytes(StandardCharsets.UTF_8)
    };
    long checked = 0;
    int quarantinedGarbage = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(platform, "read_committed")) {
      List<TopicPartition> parts = outputPartitions(consumer);
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      List<ConsumerRecord<byte[], byte[]>> ours = new ArrayList<>();
      org.awaitility.Awaitility.await("the outputs read to their end offsets")
          .atMost(Duration.ofSeconds(120))
          .pollInSameThread()
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                  if (r.key() != null
                      && new String(r.key(), StandardCharsets.UTF_8).startsWith(run + "-")) {
                    ours.add(r);
                  }
                }
                return parts.stream().allMatch(p -> consumer.position(p) >= end.get(p));
              });
      for (ConsumerRecord<byte[], byte[]> r : ours) {
        if (r.topic().equals(Topics.QUARANTINE.name())) {
          assertThat(new String(r.key(), StandardCharsets.UTF_8)).contains("-bad-");
          assertThat(RedactionHeaders.get(r.headers(), RedactionHeaders.ERROR_STAGE))
              .isEqualTo("decode");
          quarantinedGarbage++;
          continue;
        }
        for (byte[] p : planted) {
          assertThat(indexOf(r.value(), p)).as("planted value on %s", r.topic()).isEqualTo(-1);
        }
        assertThat(RedactionHeaders.get(r.headers(), RedactionHeaders.RULESET_ID))
            .isEqualTo("vigil-default");
        checked++;
      }
    }
    assertThat(checked).isEqualTo(EVENTS);
    assertThat(quarantinedGarbage).isEqualTo(GARBAGE);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The collector's own user: the writer of the raw topics. */
  private static Map<String, Object> collector(VigilPlatform platform) {
    Map<String, Object> props = platform.clientProperties(Principal.COLLECTOR);
    props.put("acks", "all");
    props.put("linger.ms", 20);
    props.put("batch.size", 262144);
    return props;
  }

  /** The admin: the test reads the redactor's outputs and its own dead letters as an observer. */
  private static KafkaConsumer<byte[], byte[]> consumer(VigilPlatform platform, String isolation) {
    Map<String, Object> props = platform.clientProperties();
    props.put("isolation.level", isolation);
    props.put("enable.auto.commit", false);
    props.put("max.poll.records", 5000);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static List<TopicPartition> outputPartitions(KafkaConsumer<?, ?> consumer) {
    List<TopicPartition> parts = new ArrayList<>();
    for (String topic :
        List.of(
            Topics.HEALTH.name(),
            Topics.SECURITY.name(),
            Topics.POSTURE.name(),
            Topics.QUARANTINE.name())) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
    }
    return parts;
  }

  private static SecuritySignal signal(int i) {
    return SampleEvents.security(
            "svc-" + (i % 7),
            i % 2 == 0 ? "primary" : "backup",
            "suricata-1",
            Instant.parse("2026-11-27T03:00:00Z").plusMillis(i),
            Signal.newBuilder()
                .setOrigin(SignalOrigin.SURICATA)
                .setSeverity(Severity.MEDIUM)
                .setCategory("policy")
                .setSignature("ET POLICY event " + i)
                .setSrcIp(IP)
                .setUser(USER)
                .setMessage("login " + EMAIL + " card " + CARD + " from " + IP)
                .setAttributes(Map.of("flow", Integer.toString(i)))
                .build())
        .setEventId(UUID.nameUUIDFromBytes(("crash-" + i).getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  private static HealthCheckResult health(int i) {
    return SampleEvents.health(
            "svc-" + (i % 7),
            "primary",
            "probe-1",
            Instant.parse("2026-11-27T03:00:00Z").plusMillis(i),
            HealthCheck.newBuilder()
                .setName("https")
                .setProbe(ProbeType.HTTP)
                .setTarget("https://" + USER + ":hunter2@svc.example/health?mail=" + EMAIL)
                .setVantage("eu-west")
                .setStatus(CheckStatus.PASS)
                .setLatencyMs(12L)
                .setError("from " + IP)
                .build())
        .setEventId(UUID.nameUUIDFromBytes(("crash-" + i).getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
