package dev.vigil.kafka.serde;

import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in the Confluent wire format. The writer schema comes from the registry by the id
 * in the header (cached). Specific mode resolves it to the schema of a generated class; generic
 * mode returns a {@link GenericRecord} in the writer schema. A null record (a tombstone) stays
 * null; every other malformed input is a {@link SerializationException} that names the topic and
 * the problem, never the bytes.
 */
public final class AvroDeserializer<T> implements Deserializer<T> {

  private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

  private final SchemaRegistryClient registry;
  private final Schema readerSchema;
  private final SpecificData specificData;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  private AvroDeserializer(SchemaRegistryClient registry, Class<?> specificClass) {
    this.registry = Objects.requireNonNull(registry, "registry");
    if (specificClass == null) {
      this.specificData = null;
      this.readerSchema = null;
    } else {
      this.specificData = SpecificData.getForClass(specificClass);
      this.readerSchema = specificData.getSchema(specificClass);
    }
  }

  /** Decodes to {@code type}, resolving each writer schema to the class's schema. */
  public static <T extends SpecificRecord> AvroDeserializer<T> specific(
      Class<T> type, SchemaRegistryClient registry) {
    return new AvroDeserializer<>(registry, Objects.requireNonNull(type, "type"));
  }

  /** Decodes to {@link GenericRecord}s in the writer schema. */
  public static AvroDeserializer<GenericRecord> generic(SchemaRegistryClient registry) {
    return new AvroDeserializer<>(registry, null);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int id;
    try {
      id = WireFormat.schemaId(data);
    } catch (SerializationException e) {
      throw new SerializationException(
          "Cannot deserialize record from topic '" + topic + "': " + e.getMessage());
    }
    DatumReader<T> reader = reader(topic, id);
    try {
      BinaryDecoder decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  data,
                  WireFormat.HEADER_LENGTH,
                  data.length - WireFormat.HEADER_LENGTH,
                  DECODER.get());
      DECODER.set(decoder);
      T value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new SerializationException(
            "Cannot deserialize record from topic '"
                + topic
                + "': trailing bytes after the Avro datum with schema id "
                + id);
      }
      return value;
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException(
          "Cannot deserialize record from topic '"
              + topic
              + "': the Avro datum does not match schema id "
              + id
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private DatumReader<T> reader(String topic, int id) {
    DatumReader<T> cached = readers.get(id);
    if (cached != null) {
      return cached;
    }
    Schema writer;
    try {
      writer = registry.getById(id);
    } catch (SchemaRegistryException e) {
      String problem =
          e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND
              ? "unknown schema id " + id
              : "cannot fetch schema id " + id;
      throw new SerializationException(
          "Cannot deserialize record from topic '"
              + topic
              + "': "
              + problem
              + " (HTTP "
              + e.status()
              + ", error_code "
              + e.errorCode()
              + ")",
          e);
    }
    DatumReader<T> reader =
        readerSchema == null
            ? new GenericDatumReader<>(writer, writer, GenericData.get())
            : new SpecificDatumReader<>(writer, readerSchema, specificData);
    DatumReader<T> raced = readers.putIfAbsent(id, reader);
    return raced == null ? reader : raced;
  }
}
