package dev.vigil.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;

/**
 * Schema-driven JSON form of any Vigil Avro record (not Avro's own JSON encoding: unions are
 * written as the bare value, timestamps as ISO-8601 strings). Rules are in {@code
 * schemas/README.md}.
 */
public final class AvroJson {
  private AvroJson() {}

  /**
   * Converts a JSON object to a generic record of {@code schema}, applying defaults for missing
   * optional fields. Timestamps become epoch-millis {@code long}s and UUIDs canonical lower-case
   * strings (the raw Avro representation).
   *
   * @throws EventFormatException naming the field path of the first problem found
   */
  public static GenericRecord fromJson(JsonNode json, Schema schema) throws EventFormatException {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("not a record schema: " + schema.getFullName());
    }
    if (json == null) {
      throw new EventFormatException("", "expected an object but got nothing");
    }
    return (GenericRecord) JsonToAvro.read(json, schema, "");
  }

  /** Writes a generic or specific record as JSON; null fields are omitted. */
  public static ObjectNode toJson(IndexedRecord record) {
    return AvroToJson.record(record, record.getSchema(), "");
  }
}
