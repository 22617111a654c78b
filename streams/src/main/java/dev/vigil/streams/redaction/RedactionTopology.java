package dev.vigil.streams.redaction;

import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.json.EventTypes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The redaction topology (docs/design.md §5): every raw topic → its redacted topic, or the
 * quarantine, by name. Values stay bytes end to end: they are decoded, redacted and re-encoded by
 * {@link RecordRedactor}, so a record that cannot be decoded is still routed (to the quarantine, as
 * it arrived) instead of failing the task. A global store follows {@code vigil.rules.v1}.
 *
 * <p>Pure: builds a {@link Topology} and does no I/O. Every node and store is named.
 */
public final class RedactionTopology {
  public static final String RULES_STORE = "redaction-rules-store";
  static final String QUARANTINE_SINK = "redaction-quarantine-sink";

  private RedactionTopology() {}

  public static Topology build(
      RuleSetHolder rules,
      SchemaRegistryClient registry,
      RedactProcessor.QuarantineCounter counter) {
    Topology topology = new Topology();
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RULES_STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled(),
        "redaction-rules-source",
        new StringDeserializer(),
        new StringDeserializer(),
        Topics.RULES.name(),
        "redaction-rules-processor",
        () -> new RulesProcessor(RULES_STORE, rules));
    String[] redactors = new String[EventKind.values().length];
    int i = 0;
    for (EventKind kind : EventKind.values()) {
      String name = EventTypes.jsonName(kind);
      String source = "redaction-source-" + name;
      String processor = "redaction-redact-" + name;
      String sink = "redaction-sink-" + name;
      topology.addSource(
          source, new StringDeserializer(), new ByteArrayDeserializer(), Topics.raw(kind).name());
      topology.addProcessor(
          processor,
          () -> new RedactProcessor(kind, rules, registry, sink, QUARANTINE_SINK, counter),
          source);
      topology.addSink(
          sink,
          Topics.redacted(kind).name(),
          new StringSerializer(),
          new ByteArraySerializer(),
          processor);
      redactors[i++] = processor;
    }
    topology.addSink(
        QUARANTINE_SINK,
        Topics.QUARANTINE.name(),
        new StringSerializer(),
        new ByteArraySerializer(),
        redactors);
    return topology;
  }
}
