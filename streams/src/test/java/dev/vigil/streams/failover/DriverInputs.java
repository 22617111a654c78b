package dev.vigil.streams.failover;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The failover topology's input topics on a {@link TopologyTestDriver}, created on first use: an
 * event goes to its catalogue topic (health, security, posture, else control), keyed by its
 * service.
 */
final class DriverInputs {
  private final TopologyTestDriver driver;
  private final SchemaRegistryClient registry;
  private final Map<String, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();

  DriverInputs(TopologyTestDriver driver, SchemaRegistryClient registry) {
    this.driver = driver;
    this.registry = registry;
  }

  /** Pipes {@code event} into its topic at {@code at}, keyed by its service. */
  void pipe(SpecificRecord event, Instant at) {
    of(topicOf(event)).pipeInput(FailoverEngine.serviceOf(event), event, at);
  }

  /** The input topic {@code topic}, with its catalogue serializer. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  TestInputTopic<String, SpecificRecord> of(Topic<?> topic) {
    return inputs.computeIfAbsent(
        topic.name(),
        n ->
            driver.createInputTopic(
                n,
                new StringSerializer(),
                (Serializer) TopicSerdes.value((Topic) topic, registry).serializer()));
  }

  private static Topic<?> topicOf(SpecificRecord event) {
    if (event instanceof HealthCheckResult) {
      return Topics.HEALTH;
    }
    if (event instanceof SecuritySignal) {
      return Topics.SECURITY;
    }
    return event instanceof PostureFinding ? Topics.POSTURE : Topics.CONTROL;
  }
}
