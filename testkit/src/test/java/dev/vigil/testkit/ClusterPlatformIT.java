package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The three-location cluster fixture: secured like {@code vigil run}, each component under its own
 * user, and a location's broker can be lost without losing what was acknowledged.
 */
@ExtendWith(ClusterPlatformExtension.class)
class ClusterPlatformIT {

  @Test
  void shouldKeepACollectorsAcknowledgedRecordsReadableByTheRedactorWhenThePrimaryBrokerIsKilled(
      ClusterPlatform platform) throws Exception {
    // Given the raw health topic (RF 3, min ISR 2) and a record the collector's user wrote
    assertThat(platform.secured()).isTrue();
    String topic = Topics.HEALTH_RAW.name();
    platform.createTopics(1, topic);
    send(platform, "before-loss");

    // When the primary location's broker is killed, and the collector writes again
    platform.cluster().kill("primary");
    send(platform, "after-loss");

    // Then the redactor's user reads both from the two surviving brokers
    Map<String, Object> props = platform.clientProperties(Principal.REDACTOR);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition p = new TopicPartition(topic, 0);
      consumer.assign(List.of(p));
      consumer.seekToBeginning(List.of(p));
      Awaitility.await("both records read by the redactor")
          .atMost(Duration.ofSeconds(60))
          .pollInSameThread()
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                return values.size() >= 2;
              });
    }
    assertThat(values).containsExactly("before-loss", "after-loss");
  }

  /** Writes {@code value} as the collector's own user with {@code acks=all}. */
  private static void send(ClusterPlatform platform, String value) throws Exception {
    Map<String, Object> props = platform.clientProperties(Principal.COLLECTOR);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(Topics.HEALTH_RAW.name(), "svc", value))
          .get(90, TimeUnit.SECONDS);
    }
  }
}
