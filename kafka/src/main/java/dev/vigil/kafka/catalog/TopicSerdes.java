package dev.vigil.kafka.catalog;

import dev.vigil.kafka.serde.AvroSerdes;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The Kafka serdes of a catalogue topic, by its {@link Topic#format() value format}. */
public final class TopicSerdes {
  private TopicSerdes() {}

  /** Keys are UTF-8 strings everywhere (the service name on event topics). */
  public static Serde<String> key(Topic<?> topic) {
    return Serdes.String();
  }

  /**
   * The value serde: Confluent wire-format Avro through {@code registry} for AVRO topics (reading
   * resolves the writer's schema to {@link Topic#valueType()}), UTF-8 for TEXT and JSON, raw bytes
   * for BYTES.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <V> Serde<V> value(Topic<V> topic, SchemaRegistryClient registry) {
    return switch (topic.format()) {
      case AVRO -> (Serde<V>) AvroSerdes.specific((Class) topic.valueType(), registry, false);
      case TEXT, JSON -> (Serde<V>) Serdes.String();
      case BYTES -> (Serde<V>) Serdes.ByteArray();
    };
  }
}
