package dev.vigil.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.platform.security.BrokerSecurity;
import dev.vigil.platform.security.PlatformCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedClusterIT {
  private static final List<String> RACKS = List.of("primary", "backup", "witness");

  @TempDir static Path dir;
  static EmbeddedCluster cluster;

  @BeforeAll
  static void startSecuredCluster() {
    PlatformCredentials credentials = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));
    cluster =
        EmbeddedCluster.start(
            ClusterSettings.loopback(dir.resolve("kafka"), RACKS)
                .secured(new BrokerSecurity(credentials, BrokerSecurity.ClientAuth.NONE)));
  }

  @AfterAll
  static void shouldStopEveryBrokerWithinTwentySecondsWhenClosed() {
    if (cluster == null) {
      return;
    }
    // stopped all at once, the brokers each waited for a controller quorum that was going too,
    // until their 30 s SIGKILL
    long t0 = System.nanoTime();
    cluster.close();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(cluster.brokers()).noneMatch(BrokerProcess::isAlive);
    assertThat(ms).as("ms to close the cluster").isLessThan(20_000);
  }

  @Test
  void shouldRefuseAPlaintextClientAndAWrongPasswordButLetTheAdminIn() throws Exception {
    assertThat(cluster.secured()).isTrue();
    // a plaintext client: the TLS listeners never answer it, nothing is read
    Map<String, Object> plain =
        Map.of(
            "bootstrap.servers",
            cluster.bootstrapServers(),
            "request.timeout.ms",
            3000,
            "default.api.timeout.ms",
            5000);
    try (Admin admin = Admin.create(plain)) {
      assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }
    // the admin's name with a wrong password: authentication fails, the password is not echoed
    Properties wrong = cluster.adminProperties();
    wrong.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + PlatformCredentials.ADMIN
            + "\" password=\"not-the-password\";");
    wrong.put("request.timeout.ms", 5000);
    wrong.put("default.api.timeout.ms", 10000);
    try (Admin admin = Admin.create(wrong)) {
      assertThatThrownBy(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class)
          .hasMessageNotContaining("not-the-password");
    }
    // the admin over SASL_SSL sees every broker
    try (Admin admin = Admin.create(cluster.adminProperties())) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
    }
    // each broker's properties hold the inter-broker password: owner-only
    for (String rack : RACKS) {
      assertThat(
              java.nio.file.Files.getPosixFilePermissions(
                  dir.resolve("kafka").resolve(rack).resolve("server.properties")))
          .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void shouldKeepEveryAcknowledgedRecordWhenTheLeadersBrokerIsKilledHard() throws Exception {
    // Given a secured three-rack cluster and a topic with RF 3, min ISR 2
    try (Admin admin = Admin.create(cluster.adminProperties())) {
      assertThat(
              admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                  .map(Node::rack)
                  .collect(Collectors.toSet()))
          .containsExactlyInAnyOrderElementsOf(RACKS);
      admin
          .createTopics(
              Set.of(new NewTopic("t", 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
          .all()
          .get(30, TimeUnit.SECONDS);
      Set<String> acknowledged = new HashSet<>();
      try (KafkaProducer<String, String> producer = producer(cluster)) {
        acknowledged.addAll(send(producer, "before", 300));
        // When the broker leading partition 0 is lost hard (SIGKILL) while records keep coming
        int leader = leaderOf(admin, "t", 0);
        BrokerProcess lost = cluster.brokers().get(leader - 1);
        lost.kill();
        assertThat(lost.isAlive()).isFalse();
        acknowledged.addAll(send(producer, "after", 300));
      }
      // Then every acknowledged record is readable from the two survivors
      assertThat(readAll(cluster, "t", acknowledged.size()))
          .containsExactlyInAnyOrderElementsOf(acknowledged);
      // And the lost broker comes back on its own log dir and ports and rejoins
      cluster.brokers().stream().filter(BrokerProcess::killed).forEach(b -> b.restart());
      cluster.awaitBrokers(3, Duration.ofSeconds(120));
      // (the admin's view of the cluster catches up with the registration a moment later)
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3));
    }
  }

  @Test
  void shouldRefuseRacksThatAreNotDistinctNames() {
    assertThatThrownBy(() -> ClusterSettings.loopback(dir, List.of("primary", "primary")))
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> ClusterSettings.loopback(dir, List.of("Primary Site")))
        .hasMessageContaining("rack name");
    assertThat(ClusterSettings.loopback(dir, RACKS).minInsyncReplicas()).isEqualTo(2);
    assertThat(ClusterSettings.loopback(dir, List.of("one")).replicationFactor()).isEqualTo(1);
  }

  private static int leaderOf(Admin admin, String topic, int partition) throws Exception {
    TopicDescription d =
        admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    return d.partitions().get(partition).leader().id();
  }

  private static List<String> send(KafkaProducer<String, String> producer, String prefix, int n)
      throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String value = prefix + "-" + i;
      futures.add(producer.send(new ProducerRecord<>("t", Integer.toString(i), value)));
      values.add(value);
    }
    for (Future<?> f : futures) {
      f.get(120, TimeUnit.SECONDS); // acknowledged by min ISR, or the test fails here
    }
    return values;
  }

  private static KafkaProducer<String, String> producer(EmbeddedCluster cluster) {
    Properties p = cluster.adminProperties();
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("delivery.timeout.ms", "120000");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readAll(EmbeddedCluster cluster, String topic, int expected) {
    Properties p = cluster.adminProperties();
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts =
          List.of(
              new TopicPartition(topic, 0),
              new TopicPartition(topic, 1),
              new TopicPartition(topic, 2));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(60));
      org.awaitility.Awaitility.await("all partitions read to their end")
          .atMost(Duration.ofSeconds(60))
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  values.add(r.value());
                }
                return parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    assertThat(values).hasSizeGreaterThanOrEqualTo(expected);
    return values;
  }
}
