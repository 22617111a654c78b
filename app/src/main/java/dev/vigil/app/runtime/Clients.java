package dev.vigil.app.runtime;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
      Map<String, Object> connection,
      String clientId,
      Serializer<K> keySerializer,
      Serializer<V> valueSerializer) {
    Map<String, Object> props = kafkaOnly(connection);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    return new KafkaProducer<>(props, keySerializer, valueSerializer);
  }

  /** A consumer of committed records only, without a group (nothing is committed). */
  public static KafkaConsumer<byte[], byte[]> readCommittedConsumer(
      Map<String, Object> connection, String clientId) {
    Map<String, Object> props = kafkaOnly(connection);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** An admin client of the connection's principal. */
  public static Admin admin(Map<String, Object> connection, String clientId) {
    Map<String, Object> props = kafkaOnly(connection);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    return Admin.create(props);
  }

  /** A plaintext connection to {@code bootstrap} (no credentials). */
  public static Map<String, Object> plaintext(String bootstrap) {
    return Map.of("bootstrap.servers", bootstrap);
  }

  /** The connection without the schema registry's keys of a shared client-properties file. */
  private static Map<String, Object> kafkaOnly(Map<String, Object> connection) {
    Map<String, Object> props = new HashMap<>();
    connection.forEach(
        (k, v) -> {
          if (!ClientConnections.registryKey(k)) {
            props.put(k, v);
          }
        });
    return props;
  }

  /** The operator name recorded when none is given: the login name, else "unknown". */
  public static String defaultActor() {
    String user = System.getenv("USER");
    return user == null || user.isBlank() ? "unknown" : user;
  }
}
