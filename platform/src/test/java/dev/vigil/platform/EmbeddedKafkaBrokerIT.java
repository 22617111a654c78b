package dev.vigil.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.platform.security.BrokerSecurity;
import dev.vigil.platform.security.PlatformCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker as {@code vigil run} starts it: secured (SASL_SSL, SCRAM, ACLs). */
class EmbeddedKafkaBrokerIT {

  @Test
  void shouldKeepRecordsAcrossRestartOnTheSameDataDir(@TempDir Path dir) throws Exception {
    // Given a secured broker with one acknowledged record
    BrokerSettings settings = secured(dir);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings)) {
      try (Admin admin = Admin.create(broker.adminClientProperties())) {
        admin.createTopics(Set.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, String> producer = producer(broker)) {
        producer.send(new ProducerRecord<>("t", "k", "before-restart")).get(30, TimeUnit.SECONDS);
      }
    }
    // When it restarts on the same directory (with new ports) and gets a second record
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(secured(dir))) {
      try (KafkaProducer<String, String> producer = producer(broker)) {
        producer.send(new ProducerRecord<>("t", "k", "after-restart")).get(30, TimeUnit.SECONDS);
      }
      // Then both records are there, in order
      assertThat(readAll(broker, "t", 2)).containsExactly("before-restart", "after-restart");
    }
  }

  @Test
  void shouldRunTheLogCleanerWithASmallDedupeBuffer(@TempDir Path dir) throws Exception {
    // Given the broker as vigil run starts it
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(secured(dir));
        Admin admin = Admin.create(broker.adminClientProperties())) {
      // When its configuration is described
      ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config config = admin.describeConfigs(Set.of(node)).all().get(30, TimeUnit.SECONDS).get(node);

      // Then the cleaner's buffer is 16 MiB, not Kafka's 128 MiB allocated at every start
      assertThat(config.get("log.cleaner.dedupe.buffer.size").value())
          .isEqualTo(Integer.toString(16 * 1024 * 1024));
    }
  }

  /** Loopback broker settings with the CA and users of {@code dir} (created on first use). */
  private static BrokerSettings secured(Path dir) {
    PlatformCredentials credentials = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));
    return BrokerSettings.loopback(dir.resolve("kafka"))
        .secured(new BrokerSecurity(credentials, BrokerSecurity.ClientAuth.NONE));
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker) {
    Properties p = new Properties();
    p.putAll(broker.adminClientProperties());
    p.put("acks", "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  static List<String> readAll(EmbeddedKafkaBroker broker, String topic, int expected) {
    Properties p = new Properties();
    p.putAll(broker.adminClientProperties());
    p.put("group.id", "g-" + System.nanoTime());
    p.put("auto.offset.reset", "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread()
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                  values.add(r.value());
                }
                return values.size() >= expected;
              });
    }
    return values;
  }
}
