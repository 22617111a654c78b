package dev.vigil.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Walks an Avro schema and a JSON tree side by side, producing the generic representation (raw Avro
 * types: {@code long} epoch millis for timestamps, {@code String} for UUIDs).
 */
final class JsonToAvro {
  private static final Pattern UUID_FORM =
      Pattern.compile(
          "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

  private JsonToAvro() {}

  static Object read(JsonNode node, Schema schema, String path) throws EventFormatException {
    switch (schema.getType()) {
      case RECORD:
        return readRecord(node, schema, path);
      case ENUM:
        return readEnum(node, schema, path);
      case STRING:
        return isLogical(schema, LogicalTypes.uuid()) ? readUuid(node, path) : text(node, path);
      case INT:
        if (node.isIntegralNumber() && node.canConvertToInt()) {
          return node.intValue();
        }
        throw integerMismatch(path, "an int", node);
      case LONG:
        return isLogical(schema, LogicalTypes.timestampMillis())
            ? readTimestamp(node, path)
            : readLong(node, path);
      case BOOLEAN:
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        throw mismatch(path, "a boolean", node);
      case DOUBLE:
        if (node.isNumber()) {
          return node.doubleValue();
        }
        throw mismatch(path, "a number", node);
      case MAP:
        return readMap(node, schema, path);
      case ARRAY:
        return readArray(node, schema, path);
      case UNION:
        return readNullable(node, schema, path);
      default:
        throw new IllegalArgumentException(
            "unsupported Avro type " + schema.getType() + " at " + path);
    }
  }

  private static GenericData.Record readRecord(JsonNode node, Schema schema, String path)
      throws EventFormatException {
    if (!node.isObject()) {
      throw mismatch(path, "an object", node);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (schema.getField(name) == null) {
        throw new EventFormatException(Paths.child(path, name), "unknown field");
      }
    }
    GenericData.Record record = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      String fieldPath = Paths.field(path, field.name());
      JsonNode value = node.get(field.name());
      if (value != null) {
        record.put(field.pos(), read(value, field.schema(), fieldPath));
      } else if (field.hasDefaultValue()) {
        record.put(field.pos(), GenericData.get().getDefaultValue(field));
      } else {
        throw new EventFormatException(fieldPath, "missing required field");
      }
    }
    return record;
  }

  private static GenericData.EnumSymbol readEnum(JsonNode node, Schema schema, String path)
      throws EventFormatException {
    if (!node.isTextual()) {
      throw mismatch(path, "one of " + schema.getEnumSymbols(), node);
    }
    String symbol = node.textValue();
    if (!schema.hasEnumSymbol(symbol)) {
      String expected = "one of " + schema.getEnumSymbols();
      throw new EventFormatException(
          path,
          "expected " + expected + " but got " + Describe.quoted(symbol, Describe.SYMBOL_CHARS));
    }
    return new GenericData.EnumSymbol(schema, symbol);
  }

  private static String text(JsonNode node, String path) throws EventFormatException {
    if (node.isTextual()) {
      return node.textValue();
    }
    throw mismatch(path, "a string", node);
  }

  private static String readUuid(JsonNode node, String path) throws EventFormatException {
    String text = text(node, path);
    if (!UUID_FORM.matcher(text).matches()) {
      throw new EventFormatException(
          path, "expected a UUID but got " + Describe.quoted(text, Describe.UUID_CHARS));
    }
    return UUID.fromString(text).toString();
  }

  private static long readLong(JsonNode node, String path) throws EventFormatException {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    throw integerMismatch(path, "a long", node);
  }

  private static long readTimestamp(JsonNode node, String path) throws EventFormatException {
    String expected = "an ISO-8601 timestamp with offset or epoch milliseconds";
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (!node.isTextual()) {
      throw integerMismatch(path, expected, node);
    }
    Optional<Long> millis = Timestamps.parseMillis(node.textValue());
    if (millis.isEmpty()) {
      throw new EventFormatException(
          path,
          "expected "
              + expected
              + " but got "
              + Describe.quoted(node.textValue(), Describe.TIMESTAMP_CHARS));
    }
    return millis.get();
  }

  private static Map<String, Object> readMap(JsonNode node, Schema schema, String path)
      throws EventFormatException {
    if (!node.isObject()) {
      throw mismatch(path, "an object", node);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String entryPath = Paths.child(path, entry.getKey());
      map.put(entry.getKey(), read(entry.getValue(), schema.getValueType(), entryPath));
    }
    return map;
  }

  private static GenericData.Array<Object> readArray(JsonNode node, Schema schema, String path)
      throws EventFormatException {
    if (!node.isArray()) {
      throw mismatch(path, "an array", node);
    }
    List<Object> items = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      items.add(read(node.get(i), schema.getElementType(), Paths.index(path, i)));
    }
    return new GenericData.Array<>(schema, items);
  }

  private static Object readNullable(JsonNode node, Schema schema, String path)
      throws EventFormatException {
    Schema branch = Nullable.valueBranch(schema, path);
    return node.isNull() ? null : read(node, branch, path);
  }

  private static boolean isLogical(Schema schema, LogicalType type) {
    LogicalType actual = schema.getLogicalType();
    return actual != null && actual.getName().equals(type.getName());
  }

  private static EventFormatException mismatch(String path, String expected, JsonNode node) {
    return new EventFormatException(
        path, "expected " + expected + " but got " + Describe.type(node));
  }

  private static EventFormatException integerMismatch(String path, String expected, JsonNode node) {
    String got = node.isNumber() ? Describe.badInteger(node) : Describe.type(node);
    return new EventFormatException(path, "expected " + expected + " but got " + got);
  }
}
