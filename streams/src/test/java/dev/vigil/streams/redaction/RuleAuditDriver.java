package dev.vigil.streams.redaction;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.InMemorySchemaRegistry;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A rule audit topology on a {@link TopologyTestDriver} with a mock registry: rule set texts go in
 * on {@code vigil.rules.v1}, audit records come out of {@code vigil.audit.v1}.
 */
final class RuleAuditDriver implements AutoCloseable {
  final TopologyTestDriver driver;
  final TestInputTopic<String, String> rules;
  final TestOutputTopic<String, AuditRecord> audit;
  private final String applicationId;

  /**
   * @param applicationId the driver's application id, also the mock registry's scope (dropped on
   *     close)
   * @param topology the topology to test, given the registry
   */
  RuleAuditDriver(String applicationId, Function<SchemaRegistryClient, Topology> topology) {
    this.applicationId = applicationId;
    SchemaRegistryClient registry =
        SchemaRegistryClients.create("mock://" + applicationId, Map.of());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(topology.apply(registry), props);
    rules =
        driver.createInputTopic(
            Topics.RULES.name(), new StringSerializer(), new StringSerializer());
    audit =
        driver.createOutputTopic(
            Topics.AUDIT.name(),
            new StringDeserializer(),
            TopicSerdes.value(Topics.AUDIT, registry).deserializer());
  }

  /** Headers naming {@code actor} as the publisher (what {@code vigil rules publish} sends). */
  static RecordHeaders actor(String actor) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(RuleAuditProcessor.ACTOR_HEADER, actor.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  @Override
  public void close() {
    driver.close();
    InMemorySchemaRegistry.dropScope(applicationId);
  }
}
