package dev.vigil.kafka.serde;

import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generic or specific) in the Confluent wire format. The subject is {@code
 * <topic>-value} or {@code <topic>-key} (TopicNameStrategy). With {@code autoRegister} the schema
 * is registered, otherwise it must already be under the subject. Ids and writers are cached.
 */
public final class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

  private static final ThreadLocal<BinaryEncoder> ENCODER = new ThreadLocal<>();

  private final SchemaRegistryClient registry;
  private final boolean isKey;
  private final boolean autoRegister;
  private final Map<String, Map<Schema, Integer>> idsByTopic = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

  public AvroSerializer(SchemaRegistryClient registry, boolean isKey, boolean autoRegister) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.isKey = isKey;
    this.autoRegister = autoRegister;
  }

  public AvroSerializer(SchemaRegistryClient registry, boolean isKey) {
    this(registry, isKey, true);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    Schema schema = data.getSchema();
    int id = schemaId(topic, schema);
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    WireFormat.writeHeader(out, id);
    try {
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODER.get());
      ENCODER.set(encoder);
      writers.computeIfAbsent(schema, s -> writer(s, data)).write(data, encoder);
      encoder.flush();
    } catch (NullPointerException e) {
      // Avro's message names the field path of a missing required value, never a value.
      throw new SerializationException(
          "Cannot encode Avro record with schema id "
              + id
              + " for topic '"
              + topic
              + "': "
              + e.getMessage());
    } catch (IOException | AvroRuntimeException | ClassCastException e) {
      // No cause: Avro's messages can quote the offending value ("Not in union ...: <value>").
      throw new SerializationException(
          "Cannot encode Avro record with schema id "
              + id
              + " for topic '"
              + topic
              + "' ("
              + e.getClass().getSimpleName()
              + ")");
    }
    return out.toByteArray();
  }

  /**
   * Frames {@code avroBinary}, a datum already encoded in {@code schema}, for {@code topic}: the
   * bytes {@link #serialize} gives for that datum, without encoding it again. The schema id is
   * resolved (registered or looked up) and cached as for {@code serialize}.
   */
  public byte[] frame(String topic, Schema schema, byte[] avroBinary) {
    return WireFormat.frame(schemaId(topic, schema), avroBinary);
  }

  private int schemaId(String topic, Schema schema) {
    Map<Schema, Integer> ids = idsByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    String subject = topic + (isKey ? "-key" : "-value");
    try {
      int id =
          autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema).id();
      ids.put(schema, id);
      return id;
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          (autoRegister ? "Cannot register" : "Cannot find")
              + " schema "
              + schema.getFullName()
              + " under subject '"
              + subject
              + "' for topic '"
              + topic
              + "': HTTP "
              + e.status()
              + ", error_code "
              + e.errorCode(),
          e);
    }
  }

  @SuppressWarnings("unchecked")
  private static DatumWriter<Object> writer(Schema schema, IndexedRecord sample) {
    if (sample instanceof SpecificRecord) {
      return new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
    }
    return new GenericDatumWriter<>(schema, GenericData.get());
  }
}
