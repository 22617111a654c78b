package dev.vigil.app.runtime;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;

/** The Kafka clients of the short-lived commands and the demo, configured in one place. */
public final class Clients {
  private Clients() {}

  /** A producer that loses nothing it acknowledged: acks=all, idempotent. */
  public static <K, V> KafkaProducer<K, V> producer(
      String bootstrap,
      String clientId,
      Serializer<K> keySerializer,
      Serializer<V> valueSerializer) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.CLIENT_ID_CONFIG,
            clientId),
        keySerializer,
        valueSerializer);
  }

  /** A consumer of committed records only, without a group (nothing is committed). */
  public static KafkaConsumer<byte[], byte[]> readCommittedConsumer(
      String bootstrap, String clientId) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.CLIENT_ID_CONFIG,
            clientId,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** The operator name recorded when none is given: the login name, else "unknown". */
  public static String defaultActor() {
    String user = System.getenv("USER");
    return user == null || user.isBlank() ? "unknown" : user;
  }
}
