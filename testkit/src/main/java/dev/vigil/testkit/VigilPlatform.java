package dev.vigil.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What a test gets: a real Kafka broker and a real Confluent-compatible schema registry. */
public interface VigilPlatform {

  /** {@code host:port} of the broker. */
  String bootstrapServers();

  /** The registry's Confluent-compatible base URL, ending in {@code /apis/ccompat/v7}. */
  String registryUrl();

  /** Which backend runs the platform: {@code embedded} or {@code testcontainers}. */
  String backend();

  /** A name no other test in this run uses, for topics and application ids. */
  default String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Admin client properties for {@link #bootstrapServers()}. */
  default Properties adminProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return p;
  }

  /** Creates topics with the given partition count, waiting for completion. */
  default void createTopics(int partitions, String... names) {
    try (Admin admin = Admin.create(adminProperties())) {
      Set<NewTopic> topics = new java.util.HashSet<>();
      for (String name : names) {
        topics.add(new NewTopic(name, partitions, (short) 1).configs(Map.of()));
      }
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A producer of String keys and byte values (already serialised), {@code acks=all}. */
  default KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /**
   * A read_committed consumer without a group, assigned to every partition of {@code topic} and
   * positioned at the beginning.
   */
  default KafkaConsumer<String, byte[]> readCommittedConsumer(String topic) {
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    c.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }
}
