package dev.vigil.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
