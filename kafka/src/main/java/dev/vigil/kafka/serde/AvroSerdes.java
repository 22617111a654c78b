package dev.vigil.kafka.serde;

import dev.vigil.schemas.registry.SchemaRegistryClient;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Kafka serdes for Avro in the Confluent wire format, with automatic schema registration. */
public final class AvroSerdes {

  private AvroSerdes() {}

  /** A serde for a generated class; records are read with the class's schema as reader schema. */
  public static <T extends SpecificRecord> Serde<T> specific(
      Class<T> type, SchemaRegistryClient registry, boolean isKey) {
    return Serdes.serdeFrom(
        new AvroSerializer<T>(registry, isKey), AvroDeserializer.specific(type, registry));
  }

  /** A serde for {@link GenericRecord}s, read in their writer schema. */
  public static Serde<GenericRecord> generic(SchemaRegistryClient registry, boolean isKey) {
    return Serdes.serdeFrom(
        new AvroSerializer<GenericRecord>(registry, isKey), AvroDeserializer.generic(registry));
  }
}
