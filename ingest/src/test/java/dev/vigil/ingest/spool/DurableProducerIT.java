package dev.vigil.ingest.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.http.IngestHttpConfig;
import dev.vigil.ingest.http.IngestServer;
import dev.vigil.ingest.http.TokenHashes;
import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import dev.vigil.kafka.serde.AvroSerdes;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.platform.BrokerSettings;
import dev.vigil.platform.EmbeddedKafkaBroker;
import dev.vigil.platform.Ports;
import dev.vigil.platform.security.BrokerSecurity;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.platform.security.PlatformUsers;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.testkit.FreezableTcpProxy;
import dev.vigil.testkit.TopicWatch;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import io.opentelemetry.api.OpenTelemetry;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability claim end to end: a real broker that is stopped and restarted on the same data
 * directory and ports, the real registry of the testkit, the HTTP API, and collectors that are
 * killed. Counting is by {@code event_id} with a {@code read_committed} consumer. The broker is
 * secured as {@code vigil run}'s (SASL_SSL, SCRAM-SHA-512, ACLs): the collectors connect as the
 * site's collector user with the catalogue's ACLs, the test's own clients as the admin.
 */
@ExtendWith(VigilPlatformExtension.class)
class DurableProducerIT {
  static final String TOKEN = "it-token-" + UUID.randomUUID();
  static final String SITE = "primary";
  static final Identity COLLECTOR =
      new Identity(
          Principal.COLLECTOR,
          AccessPolicy.collectorUser(SITE),
          Set.of(),
          Optional.of(AccessPolicy.collectorTransactionalIdPrefix(SITE)),
          Optional.empty(),
          Optional.empty());
  static final List<Topic<?>> RAW =
      List.of(
          Topics.raw(EventKind.HEALTH),
          Topics.raw(EventKind.SECURITY),
          Topics.raw(EventKind.POSTURE));

  @TempDir Path dir;
  BrokerSettings brokerSettings;
  PlatformCredentials credentials;
  EmbeddedKafkaBroker broker;
  final HttpClient http = HttpClient.newHttpClient();
  final List<Process> children = new ArrayList<>();

  @AfterEach
  void tearDown() {
    children.forEach(Process::destroyForcibly);
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldDeliverEveryEventAcceptedWhileTheBrokerWasDownExactlyOnce(VigilPlatform platform)
      throws Exception {
    // Given a collector in this JVM in front of a running broker
    startBroker();
    createRawTopics();
    Set<String> sent = new HashSet<>();
    try (DurableProducer producer =
            DurableProducer.open(
                new DurableProducerConfig(
                    SpoolConfig.defaults(dir.resolve("spool")).withSegmentBytes(16 * 1024),
                    collectorClient(),
                    AccessPolicy.collectorTransactionalIdPrefix(SITE) + UUID.randomUUID(),
                    100,
                    Duration.ofSeconds(1)),
                new AvroSerializer<SpecificRecord>(
                    SchemaRegistryClients.create(platform.registryUrl(), Map.of()), false),
                OpenTelemetry.noop());
        IngestServer server =
            IngestServer.start(
                IngestHttpConfig.loopback(Map.of("edge-1", TokenHashes.sha256Hex(TOKEN))),
                producer,
                OpenTelemetry.noop())) {
      // With the broker up, a 200 means the events are already committed on Kafka (acks=all):
      // the read_committed end offsets (last stable offsets) have moved past them when it arrives
      awaitSession(producer);
      HttpResponse<String> up = post(server.uri(), batch(sent, 50));
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(lastStableOffsets()).as("committed records when 200 arrived").isGreaterThan(50);
      assertThat(up.body()).contains("\"delivered\":true");
      awaitEmpty(producer);

      // When the broker stops, Then the API keeps accepting into the spool: 202, delivery pending
      broker.close();
      String firstDown = batch(sent, 50);
      HttpResponse<String> down = post(server.uri(), firstDown);
      assertThat(down.statusCode()).isEqualTo(202);
      assertThat(down.body()).contains("\"delivered\":false");
      for (int i = 0; i < 7; i++) {
        assertThat(post(server.uri(), batch(sent, 50)).statusCode()).isEqualTo(202);
      }
      HttpResponse<String> again = post(server.uri(), firstDown);
      assertThat(again.body())
          .isEqualTo("{\"accepted\":50,\"duplicates\":50,\"delivered\":false,\"rejected\":[]}");
      assertThat(producer.depthRecords()).isEqualTo(400);

      // When the broker comes back
      startBroker();
      awaitEmpty(producer);
    }

    // Then every accepted event is on its topic exactly once
    Map<String, Integer> counts = countByEventId(platform, sent);
    assertThat(counts.keySet()).isEqualTo(sent);
    assertThat(counts.values()).allMatch(c -> c == 1);
    assertThat(sent).hasSize(450);
  }

  @Test
  void shouldStopWithinSecondsWhileKafkaStallsMidBatchAndSendItExactlyOnceAfterwards(
      VigilPlatform platform) throws Exception {
    // Given a collector whose every connection to the broker (after the bootstrap) goes through a
    // proxy that can stall it, as a network partition does: connections open, no byte moves
    int port = Ports.freePort("127.0.0.1");
    try (FreezableTcpProxy proxy = FreezableTcpProxy.start(port)) {
      startBroker(port, Map.of("advertised.listeners", "SASL_SSL://127.0.0.1:" + proxy.port()));
      createRawTopics();
      String transactionalId =
          AccessPolicy.collectorTransactionalIdPrefix(SITE) + UUID.randomUUID();
      Set<String> sent = new HashSet<>();
      DurableProducer producer = openSpool(platform, transactionalId);
      try (IngestServer server =
          IngestServer.start(
              IngestHttpConfig.loopback(Map.of("edge-1", TokenHashes.sha256Hex(TOKEN))),
              producer,
              OpenTelemetry.noop())) {
        awaitSession(producer);
        assertThat(post(server.uri(), batch(sent, 50)).statusCode()).isEqualTo(200);

        // When Kafka stalls while a batch is on its way
        proxy.freeze();
        assertThat(post(server.uri(), batch(sent, 50)).statusCode()).isEqualTo(202);
      }
      // (the sender is now inside that batch's transaction, waiting on Kafka)

      // and the collector stops
      long t0 = System.nanoTime();
      producer.close();
      long stopMs = (System.nanoTime() - t0) / 1_000_000;

      // Then it stops within its grace and the abort, not the 30 s delivery timeout
      assertThat(stopMs)
          .as("stop while Kafka stalls (grace %d ms)", DurableProducer.STOP_GRACE.toMillis())
          .isLessThan(DurableProducer.STOP_GRACE.toMillis() + 5_000);

      // and once Kafka answers again, the next session sends the stalled batch, exactly once
      proxy.thaw();
      try (DurableProducer again = openSpool(platform, transactionalId)) {
        assertThat(again.depthRecords()).isEqualTo(50);
        awaitEmpty(again);
      }
      Map<String, Integer> counts = countByEventId(platform, sent);
      assertThat(counts.keySet()).isEqualTo(sent);
      assertThat(counts.values()).allMatch(c -> c == 1);
    }
  }

  private DurableProducer openSpool(VigilPlatform platform, String transactionalId)
      throws Exception {
    return DurableProducer.open(
        new DurableProducerConfig(
            SpoolConfig.defaults(dir.resolve("spool")).withSegmentBytes(16 * 1024),
            collectorClient(),
            transactionalId,
            100,
            Duration.ofSeconds(1)),
        new AvroSerializer<SpecificRecord>(
            SchemaRegistryClients.create(platform.registryUrl(), Map.of()), false),
        OpenTelemetry.noop());
  }

  @Test
  void shouldLoseAndDuplicateNothingWhenCollectorsAreKilledMidSpoolAndRightAfterACommit(
      VigilPlatform platform) throws Exception {
    startBroker();
    createRawTopics();
    broker.close();
    Path spool = dir.resolve("child-spool");
    String txId = AccessPolicy.collectorTransactionalIdPrefix(SITE) + UUID.randomUUID();
    Set<String> sent = new HashSet<>();

    // Given a collector JVM that accepted 300 events into its spool while the broker was down
    Process first = launch(platform, spool, txId, "first", 0);
    URI uri = awaitUri("first");
    for (int i = 0; i < 6; i++) {
      assertThat(post(uri, batch(sent, 50)).statusCode()).isEqualTo(202);
    }
    // When it is killed without any chance to flush or close
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    // And a second one replays with the broker back, but dies right after its second commit
    startBroker();
    Process second = launch(platform, spool, txId, "second", 2);
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isEqualTo(137);

    // And a third one takes over and accepts 100 more events
    launch(platform, spool, txId, "third", 0);
    URI third = awaitUri("third");
    for (int i = 0; i < 2; i++) {
      // 200 once committed; 202 if the replay of the first's spool takes longer than ackTimeout
      assertThat(post(third, batch(sent, 50)).statusCode()).isIn(200, 202);
    }

    // Then all 400 events are on their topics exactly once
    Map<String, Integer> counts = countByEventId(platform, sent);
    assertThat(counts.keySet()).isEqualTo(sent);
    assertThat(counts.values()).allMatch(c -> c == 1);
    assertThat(sent).hasSize(400);
    // And the third collector settled the in-doubt transaction as committed instead of re-sending
    assertThat(Files.readString(dir.resolve("second.log"))).contains("CHILD HALT after commit");
    assertThat(Files.readString(dir.resolve("third.log"))).contains("outcome=COMMITTED");
  }

  private Process launch(VigilPlatform platform, Path spool, String txId, String name, int halt)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            ChildCollector.class.getName(),
            spool.toString(),
            broker == null ? "127.0.0.1:1" : brokerSettings.host() + ":" + brokerSettings.port(),
            platform.registryUrl(),
            dir.resolve(name + ".uri").toString(),
            TokenHashes.sha256Hex(TOKEN),
            txId,
            "50",
            String.valueOf(halt),
            collectorClientFile().toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(name + ".log").toFile());
    Process p = pb.start();
    children.add(p);
    return p;
  }

  private URI awaitUri(String name) throws Exception {
    Path file = dir.resolve(name + ".uri");
    try {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "child " + name + " did not start: " + Files.readString(dir.resolve(name + ".log")), e);
    }
    return URI.create(Files.readString(file));
  }

  private void startBroker() {
    startBroker(Ports.freePort("127.0.0.1"), Map.of());
  }

  /** Starts the broker on {@code port} (or restarts it on its first ports, with its overrides). */
  private void startBroker(int port, Map<String, String> overrides) {
    boolean first = brokerSettings == null;
    if (first) {
      credentials = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));
      brokerSettings =
          new BrokerSettings(
                  dir.resolve("kafka"), "127.0.0.1", port, Ports.freePort("127.0.0.1"), overrides)
              .secured(new BrokerSecurity(credentials, BrokerSecurity.ClientAuth.NONE));
    }
    // the ports may still be held by the previous incarnation for a moment
    broker =
        Awaitility.await("broker restarted on its old ports")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptionsInstanceOf(RuntimeException.class)
            .until(() -> EmbeddedKafkaBroker.start(brokerSettings), b -> b != null);
    if (first) {
      // the collector's user and ACLs, as vigil run creates them (they survive restarts)
      try (Admin admin = Admin.create(broker.adminClientProperties())) {
        PlatformUsers.provision(
            admin, credentials, Map.of(COLLECTOR.user(), collectorAcls()), false);
        Awaitility.await("the collector's ACLs in force")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    admin
                        .describeAcls(AclBindingFilter.ANY)
                        .values()
                        .get()
                        .containsAll(collectorAcls()));
      }
    }
  }

  /**
   * The collector's catalogue ACLs: WRITE and READ on the raw topics (its {@link CommitProbe} reads
   * the raw topic back to settle a transaction left in doubt by a crash; this test's third
   * collector needs it) and its transactional ids.
   */
  private static List<AclBinding> collectorAcls() {
    return COLLECTOR.bindings();
  }

  /** The site collector's client properties on the test's broker. */
  private Map<String, Object> collectorClient() {
    Map<String, Object> p = new HashMap<>(credentials.clientProperties(COLLECTOR.user()));
    p.put("bootstrap.servers", brokerSettings.host() + ":" + brokerSettings.port());
    return p;
  }

  /** {@link #collectorClient()} without the bootstrap, as a mode-600 file for a child JVM. */
  private Path collectorClientFile() throws Exception {
    Path file = dir.resolve("collector.properties");
    if (!Files.exists(file)) {
      Properties p = new Properties();
      credentials
          .clientProperties(COLLECTOR.user())
          .forEach((k, v) -> p.setProperty(k, v.toString()));
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer writer = Files.newBufferedWriter(file)) {
        p.store(writer, "the site collector's Kafka client properties");
      }
    }
    return file;
  }

  /** Sum over the raw topics' partitions of the last stable offset (read_committed end). */
  private long lastStableOffsets() throws Exception {
    try (Admin admin = Admin.create(broker.adminClientProperties())) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (Topic<?> t : RAW) {
        for (int p = 0; p < t.partitions(); p++) {
          request.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
        }
      }
      return admin
          .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get(30, TimeUnit.SECONDS)
          .values()
          .stream()
          .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
          .sum();
    }
  }

  private void createRawTopics() throws Exception {
    try (Admin admin = Admin.create(broker.adminClientProperties())) {
      List<NewTopic> topics = new ArrayList<>();
      for (Topic<?> t : RAW) {
        topics.add(new NewTopic(t.name(), t.partitions(), (short) 1));
      }
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static String batch(Set<String> sent, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      UUID id = UUID.randomUUID();
      sent.add(id.toString());
      sb.append(i % 2 == 0 ? health(id) : security(id)).append('\n');
    }
    return sb.toString();
  }

  private HttpResponse<String> post(URI base, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/v1/events"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitSession(DurableProducer producer) {
    Awaitility.await("Kafka session up")
        .atMost(Duration.ofSeconds(60))
        .until(producer::kafkaReachable);
  }

  private static void awaitEmpty(DurableProducer producer) {
    Awaitility.await("spool drained")
        .atMost(Duration.ofSeconds(120))
        .until(() -> producer.depthRecords() == 0);
  }

  /** Reads the raw topics until every expected id is seen, then 3 s more for any duplicate. */
  private Map<String, Integer> countByEventId(VigilPlatform platform, Set<String> expected) {
    Deserializer<GenericRecord> values =
        AvroSerdes.generic(SchemaRegistryClients.create(platform.registryUrl(), Map.of()), false)
            .deserializer();
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(adminConsumer(), new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> tps = new ArrayList<>();
    for (Topic<?> t : RAW) {
      for (int p = 0; p < t.partitions(); p++) {
        tps.add(new TopicPartition(t.name(), p));
      }
    }
    consumer.assign(tps);
    consumer.seekToBeginning(tps);
    try (TopicWatch<String> ids =
        TopicWatch.filtered(
            consumer,
            r ->
                Optional.of(values.deserialize(r.topic(), r.value()).get("event_id").toString()))) {
      Set<String> seen = new HashSet<>();
      Awaitility.await("every acknowledged event on the raw topics")
          .atMost(Duration.ofSeconds(120))
          .pollInSameThread()
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                seen.addAll(ids.poll());
                return seen.containsAll(expected);
              });
      ids.readFor(Duration.ofSeconds(3));
      Map<String, Integer> counts = new HashMap<>();
      ids.seen().forEach(id -> counts.merge(id, 1, Integer::sum));
      return counts;
    }
  }

  private Map<String, Object> adminConsumer() {
    Map<String, Object> p = broker.adminClientProperties();
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", false);
    p.put("auto.offset.reset", "earliest");
    return p;
  }

  static String health(UUID id) {
    return "{\"event_id\":\""
        + id
        + "\",\"kind\":\"health\",\"site\":\"primary\",\"service\":\"svc-"
        + (id.hashCode() & 7)
        + "\",\"source\":\"probe-1\",\"observed_at\":\"2026-03-02T08:15:04Z\","
        + "\"check\":{\"name\":\"http\",\"probe\":\"HTTP\",\"target\":\"https://x.example\","
        + "\"vantage\":\"eu1\",\"status\":\"FAIL\",\"latency_ms\":12}}";
  }

  static String security(UUID id) {
    return "{\"event_id\":\""
        + id
        + "\",\"kind\":\"security\",\"site\":\"backup\",\"service\":\"svc-"
        + (id.hashCode() & 7)
        + "\",\"source\":\"suricata-1\",\"observed_at\":\"2026-03-02T08:15:04Z\","
        + "\"signal\":{\"origin\":\"SURICATA\",\"severity\":\"HIGH\",\"category\":\"scan\","
        + "\"signature\":\"ET SCAN\",\"attributes\":{}}}";
  }
}
