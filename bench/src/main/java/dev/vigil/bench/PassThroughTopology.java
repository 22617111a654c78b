package dev.vigil.bench;

import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.json.EventTypes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/** The baseline: raw topics copied byte for byte to {@code <prefix>.<kind>}, same guarantees. */
final class PassThroughTopology {
  private PassThroughTopology() {}

  static Topology build(String prefix) {
    Topology t = new Topology();
    for (EventKind kind : EventKind.values()) {
      String name = EventTypes.jsonName(kind);
      t.addSource(
          "pt-source-" + name,
          new StringDeserializer(),
          new ByteArrayDeserializer(),
          Topics.raw(kind).name());
      t.addSink(
          "pt-sink-" + name,
          prefix + "." + name,
          new StringSerializer(),
          new ByteArraySerializer(),
          "pt-source-" + name);
    }
    return t;
  }
}
