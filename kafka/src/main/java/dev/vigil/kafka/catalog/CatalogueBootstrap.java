package dev.vigil.kafka.catalog;

import dev.vigil.schemas.catalog.CleanupPolicy;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.registry.CompatibilityLevel;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a cluster and registry match the topic catalogue: creates missing topics with their
 * settings, refuses to run on a topic whose cleanup policy differs (a compacted audit trail would
 * silently lose history), and registers every value schema with BACKWARD compatibility.
 */
public final class CatalogueBootstrap {
  private static final Logger LOGGER = LoggerFactory.getLogger(CatalogueBootstrap.class);
  private static final long TIMEOUT_S = 60;

  private CatalogueBootstrap() {}

  /** What was done, for logs and tests. */
  public record Result(List<String> createdTopics, Map<String, Integer> schemaIds) {}

  public static Result apply(
      Admin admin,
      SchemaRegistryClient registry,
      Collection<Topic<?>> topics,
      boolean autoRegister) {
    List<String> created = createTopics(admin, topics);
    Map<String, Integer> ids =
        topics.stream()
            .filter(t -> t.valueSchema().isPresent())
            .collect(
                Collectors.toMap(
                    Topic::valueSubject,
                    t ->
                        registerSchema(
                            registry, t.valueSubject(), t.valueSchema().get(), autoRegister)));
    LOGGER
        .atInfo()
        .addKeyValue("created", created.size())
        .addKeyValue("topics", topics.size())
        .addKeyValue("subjects", ids.size())
        .log("topic catalogue applied");
    return new Result(created, ids);
  }

  private static List<String> createTopics(Admin admin, Collection<Topic<?>> topics) {
    Set<String> existing = get(admin.listTopics().names());
    List<NewTopic> missing = new ArrayList<>();
    for (Topic<?> topic : topics) {
      if (!existing.contains(topic.name())) {
        missing.add(
            new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())
                .configs(topic.configs()));
      }
    }
    if (!missing.isEmpty()) {
      get(admin.createTopics(missing).all());
    }
    checkCleanupPolicies(admin, topics);
    return missing.stream().map(NewTopic::name).toList();
  }

  private static void checkCleanupPolicies(Admin admin, Collection<Topic<?>> topics) {
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
    Map<ConfigResource, Config> configs = get(admin.describeConfigs(resources).all());
    for (Topic<?> topic : topics) {
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
      String actual = config.get("cleanup.policy").value();
      CleanupPolicy expected = topic.cleanup();
      if (!expected.config().equals(actual)) {
        throw new IllegalStateException(
            "topic "
                + topic.name()
                + " has cleanup.policy="
                + actual
                + " but the catalogue requires "
                + expected.config()
                + "; fix the topic before starting Vigil");
      }
    }
  }

  private static int registerSchema(
      SchemaRegistryClient registry, String subject, Schema schema, boolean autoRegister) {
    if (!autoRegister) {
      return registry.lookup(subject, schema).id();
    }
    int id = registry.register(subject, schema);
    if (registry.subjectCompatibility(subject).orElse(CompatibilityLevel.NONE)
        != CompatibilityLevel.BACKWARD) {
      registry.setSubjectCompatibility(subject, CompatibilityLevel.BACKWARD);
    }
    return id;
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka admin call failed: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka admin call timed out after " + TIMEOUT_S + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
