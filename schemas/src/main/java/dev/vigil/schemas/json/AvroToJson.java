package dev.vigil.schemas.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes generic or specific Avro data as JSON. Accepts both raw and logical representations
 * ({@code Long} or {@code Instant} timestamps, {@code String} or {@code UUID} ids, Java or generic
 * enums). Null fields are omitted.
 */
final class AvroToJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroToJson() {}

  static ObjectNode record(IndexedRecord record, Schema schema, String path) {
    ObjectNode object = NODES.objectNode();
    for (Schema.Field field : schema.getFields()) {
      String fieldPath = Paths.child(path, field.name());
      Object value = record.get(field.pos());
      if (value != null) {
        object.set(field.name(), write(value, field.schema(), fieldPath));
      } else if (!Nullable.allowsNull(field.schema())) {
        throw new IllegalArgumentException(fieldPath + " is null but the schema does not allow it");
      }
    }
    return object;
  }

  private static JsonNode write(Object value, Schema schema, String path) {
    switch (schema.getType()) {
      case RECORD:
        return record((IndexedRecord) value, schema, path);
      case ENUM:
      case STRING:
        return NODES.textNode(value.toString());
      case INT:
        return NODES.numberNode(((Number) value).intValue());
      case LONG:
        return isTimestampMillis(schema)
            ? NODES.textNode(Timestamps.format(epochMillis(value)))
            : NODES.numberNode(((Number) value).longValue());
      case BOOLEAN:
        return NODES.booleanNode((Boolean) value);
      case DOUBLE:
        return NODES.numberNode(((Number) value).doubleValue());
      case MAP:
        ObjectNode map = NODES.objectNode();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          String key = e.getKey().toString();
          map.set(key, write(e.getValue(), schema.getValueType(), Paths.child(path, key)));
        }
        return map;
      case ARRAY:
        ArrayNode array = NODES.arrayNode();
        int i = 0;
        for (Object item : (Collection<?>) value) {
          array.add(write(item, schema.getElementType(), Paths.index(path, i++)));
        }
        return array;
      case UNION:
        return write(value, Nullable.valueBranch(schema, path), path);
      default:
        throw new IllegalArgumentException(
            "unsupported Avro type " + schema.getType() + " at " + path);
    }
  }

  /**
   * Writes {@code record} straight to {@code out}, exactly as {@link #record} builds it (same
   * fields, order and values; no tree). {@code kindText}, when not null, is written as the value of
   * the record's own {@code kind} field. Paths are built only for an error.
   */
  static void write(
      JsonGenerator out, IndexedRecord record, Schema schema, String path, String kindText)
      throws IOException {
    out.writeStartObject();
    for (Schema.Field field : schema.getFields()) {
      Object value = record.get(field.pos());
      if (value != null) {
        out.writeFieldName(field.name());
        if (kindText != null && field.name().equals("kind")) {
          out.writeString(kindText);
        } else {
          write(out, value, field.schema(), path, field.name(), -1);
        }
      } else if (!Nullable.allowsNull(field.schema())) {
        throw new IllegalArgumentException(
            Paths.child(path, field.name()) + " is null but the schema does not allow it");
      }
    }
    out.writeEndObject();
  }

  /** One value at {@code parent}'s child {@code name} (or item {@code index} when >= 0). */
  private static void write(
      JsonGenerator out, Object value, Schema schema, String parent, String name, int index)
      throws IOException {
    switch (schema.getType()) {
      case RECORD -> write(out, (IndexedRecord) value, schema, at(parent, name, index), null);
      case ENUM, STRING -> out.writeString(value.toString());
      case INT -> out.writeNumber(((Number) value).intValue());
      case LONG -> {
        if (isTimestampMillis(schema)) {
          out.writeString(Timestamps.format(epochMillis(value)));
        } else {
          out.writeNumber(((Number) value).longValue());
        }
      }
      case BOOLEAN -> out.writeBoolean((Boolean) value);
      case DOUBLE -> out.writeNumber(((Number) value).doubleValue());
      case MAP -> {
        String path = at(parent, name, index);
        out.writeStartObject();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          String key = e.getKey().toString();
          out.writeFieldName(key);
          write(out, e.getValue(), schema.getValueType(), path, key, -1);
        }
        out.writeEndObject();
      }
      case ARRAY -> {
        String path = at(parent, name, index);
        out.writeStartArray();
        int i = 0;
        for (Object item : (Collection<?>) value) {
          write(out, item, schema.getElementType(), path, null, i++);
        }
        out.writeEndArray();
      }
      case UNION ->
          write(
              out,
              value,
              Nullable.valueBranch(schema, at(parent, name, index)),
              parent,
              name,
              index);
      default ->
          throw new IllegalArgumentException(
              "unsupported Avro type " + schema.getType() + " at " + at(parent, name, index));
    }
  }

  private static String at(String parent, String name, int index) {
    return index >= 0 ? Paths.index(parent, index) : Paths.child(parent, name);
  }

  private static boolean isTimestampMillis(Schema schema) {
    LogicalType type = schema.getLogicalType();
    return type != null && "timestamp-millis".equals(type.getName());
  }

  private static long epochMillis(Object value) {
    return value instanceof Instant
        ? ((Instant) value).toEpochMilli()
        : ((Number) value).longValue();
  }
}
