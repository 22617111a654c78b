package dev.vigil.testkit;

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
}
