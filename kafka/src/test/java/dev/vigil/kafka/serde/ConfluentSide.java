package dev.vigil.kafka.serde;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaMetadata;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;
import org.apache.flink.avro.shaded.org.apache.avro.Schema;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumReader;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumWriter;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.flink.avro.shaded.org.apache.avro.io.BinaryDecoder;
import org.apache.flink.avro.shaded.org.apache.avro.io.BinaryEncoder;
import org.apache.flink.avro.shaded.org.apache.avro.io.DecoderFactory;
import org.apache.flink.avro.shaded.org.apache.avro.io.EncoderFactory;
import org.apache.flink.formats.avro.registry.confluent.ConfluentSchemaRegistryCoder;

/**
 * Confluent's real Java client ({@code CachedSchemaRegistryClient} 7.5.3, shaded into
 * flink-sql-avro-confluent-registry) and Flink's Confluent framing ({@code
 * ConfluentSchemaRegistryCoder}). Its Avro is relocated, so schemas cross as JSON and records as
 * field maps. The jar has no KafkaAvroSerializer/Deserializer.
 */
final class ConfluentSide {

  record Meta(int id, int version, String schema) {}

  record Failure(int status, int errorCode) {}

  private final CachedSchemaRegistryClient client;

  ConfluentSide(String url) {
    this.client = new CachedSchemaRegistryClient(url, 100);
  }

  /** Registers and frames like Flink's Confluent serialization schema, then writes the datum. */
  byte[] writeFramed(String subject, String schemaJson, Map<String, Object> fields)
      throws Exception {
    Schema schema = new Schema.Parser().parse(schemaJson);
    GenericRecord record = new GenericData.Record(schema);
    fields.forEach(record::put);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ConfluentSchemaRegistryCoder(subject, client).writeSchema(schema, out);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** Checks the magic byte, fetches the writer schema by id, and decodes to a field map. */
  Map<String, Object> readFramed(byte[] framed) throws Exception {
    ByteArrayInputStream in = new ByteArrayInputStream(framed);
    Schema writer = new ConfluentSchemaRegistryCoder(client).readSchema(in);
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(in, null);
    GenericRecord record = new GenericDatumReader<GenericRecord>(writer).read(null, decoder);
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Schema.Field field : writer.getFields()) {
      Object value = record.get(field.name());
      fields.put(field.name(), value instanceof CharSequence ? value.toString() : value);
    }
    if (!decoder.isEnd()) {
      throw new IllegalStateException("trailing bytes");
    }
    return fields;
  }

  int register(String subject, String schemaJson) throws Exception {
    return client.register(subject, new AvroSchema(schemaJson));
  }

  Failure registerFailure(String subject, String schemaJson) throws Exception {
    try {
      client.register(subject, new AvroSchema(schemaJson));
      return null;
    } catch (RestClientException e) {
      return new Failure(e.getStatus(), e.getErrorCode());
    }
  }

  int id(String subject, String schemaJson) throws Exception {
    return client.getId(subject, new AvroSchema(schemaJson));
  }

  String schemaById(int id) throws Exception {
    return ((AvroSchema) client.getSchemaById(id)).rawSchema().toString();
  }

  Meta latest(String subject) throws Exception {
    SchemaMetadata meta = client.getLatestSchemaMetadata(subject);
    return new Meta(meta.getId(), meta.getVersion(), meta.getSchema());
  }

  List<Integer> versions(String subject) throws Exception {
    return client.getAllVersions(subject);
  }

  List<String> subjects() throws Exception {
    return new ArrayList<>(client.getAllSubjects());
  }

  boolean testCompatibility(String subject, String schemaJson) throws Exception {
    return client.testCompatibility(subject, new AvroSchema(schemaJson));
  }

  String compatibility(String subject) throws Exception {
    return client.getCompatibility(subject);
  }

  void setCompatibility(String subject, String level) throws Exception {
    client.updateCompatibility(subject, level);
  }
}
