package dev.vigil.testkit;

import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import dev.vigil.schemas.catalog.Principal;
import java.nio.file.Path;
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

/**
 * What a test gets: a real Kafka broker and a real Confluent-compatible schema registry. The
 * embedded broker is secured like {@code vigil run}'s (SASL_SSL, SCRAM-SHA-512, {@code
 * StandardAuthorizer}): connect with {@link #clientProperties()} (the admin, a super user) or
 * {@link #clientProperties(Principal)} (a component's own user and ACLs), never with a bare {@code
 * bootstrap.servers}.
 */
public interface VigilPlatform {

  /** {@code host:port} of the broker (clients also need {@link #clientProperties()}). */
  String bootstrapServers();

  /** The registry's Confluent-compatible base URL, ending in {@code /apis/ccompat/v7}. */
  String registryUrl();

  /** Which backend runs the platform: {@code embedded} or {@code testcontainers}. */
  String backend();

  /** Whether the broker requires SASL_SSL and authorizes by ACL (false: plaintext, no ACLs). */
  boolean secured();

  /**
   * Client properties of the admin user (a super user): {@code bootstrap.servers} and, on a secured
   * broker, its SASL_SSL settings. A fresh mutable map: add the client's own settings to it.
   */
  Map<String, Object> clientProperties();

  /**
   * Client properties of {@code identity}'s user, which is created on first use with the ACLs the
   * catalogue gives that identity ({@link AccessPolicy}), as {@code vigil run} does; on a plaintext
   * broker the same as {@link #clientProperties()}. A fresh mutable map.
   */
  Map<String, Object> clientProperties(Identity identity);

  /**
   * Client properties of {@code principal} with its default client names ({@link
   * AccessPolicy#defaultIdentity}): its topics are the catalogue's, so use it with catalogue topic
   * names. For a Streams app under a test-unique application id, pass an {@link Identity}.
   */
  default Map<String, Object> clientProperties(Principal principal) {
    return clientProperties(AccessPolicy.defaultIdentity(principal));
  }

  /**
   * Client properties of {@code principal}'s own user for a Streams app under a test-unique {@code
   * applicationId}: the catalogue's topic ACLs of the principal plus the app's group, internal
   * topics and transactional ids by that prefix (a redactor also its rules-audit app), as {@code
   * vigil run} grants them under its configured application ids.
   */
  default Map<String, Object> streamsClientProperties(Principal principal, String applicationId) {
    Identity d = AccessPolicy.defaultIdentity(principal);
    Identity identity =
        principal == Principal.REDACTOR
            ? AccessPolicy.redactor(principal, d.user(), applicationId)
            : new Identity(
                principal,
                d.user(),
                Set.of(applicationId),
                d.transactionalIdPrefix(),
                d.groupPrefix(),
                d.group());
    return clientProperties(identity);
  }

  /**
   * A Kafka client-properties file of the admin user, mode 600, for a CLI's {@code --client-config}
   * (without {@code bootstrap.servers}: pass {@code --bootstrap}).
   */
  default Path clientConfigFile() {
    return ClientConfigFiles.write(clientProperties());
  }

  /**
   * A Kafka client-properties file of {@code principal}'s own user ({@link
   * #clientProperties(Principal)}), mode 600, for a CLI's {@code --client-config}.
   */
  default Path clientConfigFile(Principal principal) {
    return ClientConfigFiles.write(clientProperties(principal));
  }

  /**
   * {@code properties} (e.g. {@link #clientProperties()}) as the block of a Vigil config's {@code
   * kafka.properties} (docs/config.md), every line indented by {@code indent}, values quoted;
   * {@code bootstrap.servers} is left out (it is {@code kafka.bootstrapServers}). Empty on a
   * plaintext broker's properties.
   */
  static String yamlProperties(Map<String, Object> properties, String indent) {
    StringBuilder yaml = new StringBuilder();
    new java.util.TreeMap<>(properties)
        .forEach(
            (key, value) -> {
              if (!key.equals("bootstrap.servers")) {
                yaml.append(indent)
                    .append(key)
                    .append(": \"")
                    .append(String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"\n");
              }
            });
    return yaml.toString();
  }

  /**
   * The {@code kafka}, {@code registry} and {@code telemetry} sections of a Vigil config that uses
   * this platform as an external cluster: the admin's client properties (as for a secured external
   * cluster, {@link #yamlProperties}), and no Prometheus endpoint. Other sections may follow.
   */
  default String externalConfigYaml() {
    return "kafka:\n  bootstrapServers: "
        + bootstrapServers()
        + "\n  properties:\n"
        + yamlProperties(clientProperties(), "    ")
        + "registry:\n  url: "
        + registryUrl()
        + "\ntelemetry:\n  prometheusPort: -1\n";
  }

  /** A name no other test in this run uses, for topics and application ids. */
  default String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Admin client properties: {@link #clientProperties()} as {@link Properties}. */
  default Properties adminProperties() {
    Properties p = new Properties();
    p.putAll(clientProperties());
    return p;
  }

  /** An admin client of the admin user; the caller closes it. */
  default Admin admin() {
    return Admin.create(clientProperties());
  }

  /** Creates topics with the given partition count, waiting for completion. */
  default void createTopics(int partitions, String... names) {
    try (Admin admin = admin()) {
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
    Map<String, Object> props = clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * A read_committed consumer without a group, assigned to every partition of {@code topic} and
   * positioned at the beginning.
   */
  default KafkaConsumer<String, byte[]> readCommittedConsumer(String topic) {
    Map<String, Object> props = clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    c.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }
}
