package dev.vigil.kafka.catalog;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.vigil.schemas.catalog.CleanupPolicy;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.TopicSizing;
import dev.vigil.schemas.registry.CompatibilityLevel;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a cluster and registry match the topic catalogue: creates missing topics with their
 * settings and {@link TopicSizing}, refuses to run on a topic whose cleanup policy differs (a
 * compacted audit trail would silently lose history) or whose partitions, replicas or min ISR fall
 * short of its sizing, and registers every value schema with BACKWARD compatibility. Several
 * instances may apply it at once: a topic another one created in the meantime is checked, not
 * recreated.
 */
public final class CatalogueBootstrap {
  private static final Logger LOGGER = LoggerFactory.getLogger(CatalogueBootstrap.class);
  private static final long TIMEOUT_S = 60;

  private static final RetryPolicy<Object> UNTIL_TOPICS_KNOWN =
      RetryPolicy.builder()
          .handleIf(
              e ->
                  e.getCause() instanceof ExecutionException ee
                      && ee.getCause() instanceof UnknownTopicOrPartitionException)
          .withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))
          .withMaxDuration(Duration.ofSeconds(TIMEOUT_S))
          .withMaxRetries(-1)
          .build();

  private CatalogueBootstrap() {}

  /** What was done, for logs and tests. */
  public record Result(List<String> createdTopics, Map<String, Integer> schemaIds) {}

  public static Result apply(
      Admin admin,
      SchemaRegistryClient registry,
      Collection<Topic<?>> topics,
      boolean autoRegister) {
    return apply(admin, registry, topics, autoRegister, TopicSizing::of);
  }

  /**
   * As {@link #apply(Admin, SchemaRegistryClient, Collection, boolean)}, sized by {@code sizing}.
   */
  public static Result apply(
      Admin admin,
      SchemaRegistryClient registry,
      Collection<Topic<?>> topics,
      boolean autoRegister,
      Function<Topic<?>, TopicSizing> sizing) {
    // the registry and the broker are independent: register the schemas while topics are made
    CompletableFuture<Map<String, Integer>> schemas =
        registerSchemasAsync(registry, topics, autoRegister);
    CompletableFuture<List<String>> created;
    try {
      created = CompletableFuture.completedFuture(createTopics(admin, topics, sizing));
    } catch (RuntimeException e) {
      created = CompletableFuture.failedFuture(e);
    }
    return finish(topics.size(), created, schemas);
  }

  /**
   * Registers every value schema of {@code topics} (BACKWARD compatibility), the subjects side by
   * side on threads of their own; needs only the registry, so a caller may start it before the
   * broker is up (then {@link #finish}).
   */
  public static CompletableFuture<Map<String, Integer>> registerSchemasAsync(
      SchemaRegistryClient registry, Collection<Topic<?>> topics, boolean autoRegister) {
    // one request chain per subject, side by side: each is a few round trips to the registry
    Map<String, CompletableFuture<Integer>> ids = new LinkedHashMap<>();
    for (Topic<?> t : topics) {
      if (t.valueSchema().isPresent()) {
        ids.put(
            t.valueSubject(),
            CompletableFuture.supplyAsync(
                () ->
                    registerSchema(registry, t.valueSubject(), t.valueSchema().get(), autoRegister),
                runnable -> {
                  Thread thread = new Thread(runnable, "vigil-catalogue-schema");
                  thread.setDaemon(true);
                  thread.start();
                }));
      }
    }
    return CompletableFuture.allOf(ids.values().toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, Integer> out = new LinkedHashMap<>();
              ids.forEach((subject, id) -> out.put(subject, id.join()));
              return out;
            });
  }

  /**
   * The catalogue applied from its two halves run side by side, {@link #createTopics} and {@link
   * #registerSchemasAsync}: waits for both, then throws the first failure (topics first) or logs
   * and returns the result.
   */
  public static Result finish(
      int topicCount,
      CompletableFuture<List<String>> created,
      CompletableFuture<Map<String, Integer>> schemas) {
    CompletableFuture.allOf(created, schemas).exceptionally(e -> null).join();
    List<String> createdTopics = joined(created);
    Map<String, Integer> ids = joined(schemas);
    LOGGER
        .atInfo()
        .addKeyValue("created", createdTopics.size())
        .addKeyValue("topics", topicCount)
        .addKeyValue("subjects", ids.size())
        .log("topic catalogue applied");
    return new Result(createdTopics, ids);
  }

  private static <T> T joined(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Creates the missing topics of {@code topics} and checks every one against the catalogue; needs
   * only the broker. Returns the names it created.
   */
  public static List<String> createTopics(
      Admin admin, Collection<Topic<?>> topics, Function<Topic<?>, TopicSizing> sizing) {
    Set<String> existing = get(admin.listTopics().names());
    List<NewTopic> missing = new ArrayList<>();
    for (Topic<?> topic : topics) {
      if (!existing.contains(topic.name())) {
        missing.add(newTopic(topic, sizing.apply(topic)));
      }
    }
    List<String> created = new ArrayList<>();
    if (!missing.isEmpty()) {
      CreateTopicsResult result = admin.createTopics(missing);
      for (NewTopic topic : missing) {
        try {
          get(result.values().get(topic.name()));
          created.add(topic.name());
        } catch (IllegalStateException e) {
          if (!(e.getCause() instanceof ExecutionException ee
              && ee.getCause() instanceof TopicExistsException)) {
            throw e;
          }
          // another instance created it in the meantime: checked below like any existing topic
        }
      }
    }
    // On a multi-broker cluster a new topic reaches every broker's metadata a moment later.
    Failsafe.with(UNTIL_TOPICS_KNOWN)
        .run(
            () -> {
              checkCleanupPolicies(admin, topics);
              TopicSizingCheck.check(admin, topics, sizing);
            });
    return List.copyOf(created);
  }

  static NewTopic newTopic(Topic<?> topic, TopicSizing sizing) {
    Map<String, String> configs = new LinkedHashMap<>(topic.configs());
    sizing
        .minInsyncReplicas()
        .ifPresent(
            isr -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(isr)));
    Optional<Short> rf =
        sizing.replicationFactor().isPresent()
            ? Optional.of((short) sizing.replicationFactor().getAsInt())
            : Optional.empty();
    return new NewTopic(topic.name(), Optional.of(sizing.partitions()), rf).configs(configs);
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

  static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
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
