package dev.vigil.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Walks an Avro schema and a JSON tree side by side. One walk, one set of rules, two targets: the
 * generic representation (raw Avro types: {@code long} epoch millis for timestamps, {@code String}
 * for UUIDs), or the generated class itself ({@link #readSpecific}), built directly with the
 * class's logical-type conversions ({@code Instant}, {@code UUID}) and exactly the values an Avro
 * binary round trip of the generic record would give (see {@link #wireString} and {@link
 * #readMap}).
 */
final class JsonToAvro {
  /** The generic target. */
  private static final GenericData GENERIC = GenericData.get();

  private JsonToAvro() {}

  static Object read(JsonNode node, Schema schema, String path) throws EventFormatException {
    return read(node, schema, path, GENERIC);
  }

  /**
   * Reads a JSON object straight into the generated class {@code type} (whose schema is read), as
   * {@code SpecificRecords.fromGeneric(read(node, schema, path), type)} would, without the generic
   * record and the binary round trip.
   */
  static <T extends SpecificRecord> T readSpecific(JsonNode node, Class<T> type, String path)
      throws EventFormatException {
    SpecificData model = SpecificData.getForClass(type);
    return type.cast(read(node, model.getSchema(type), path, model));
  }

  private static Object read(JsonNode node, Schema schema, String path, GenericData model)
      throws EventFormatException {
    switch (schema.getType()) {
      case RECORD:
        return readRecord(node, schema, path, model);
      case ENUM:
        return readEnum(node, schema, path, model);
      case STRING:
        return isLogical(schema, LogicalTypes.uuid())
            ? converted(readUuid(node, path), schema, model)
            : wireString(text(node, path), model);
      case INT:
        if (node.isIntegralNumber() && node.canConvertToInt()) {
          return node.intValue();
        }
        throw integerMismatch(path, "an int", node);
      case LONG:
        return isLogical(schema, LogicalTypes.timestampMillis())
            ? converted(readTimestamp(node, path), schema, model)
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
        return readMap(node, schema, path, model);
      case ARRAY:
        return readArray(node, schema, path, model);
      case UNION:
        return readNullable(node, schema, path, model);
      default:
        throw new IllegalArgumentException(
            "unsupported Avro type " + schema.getType() + " at " + path);
    }
  }

  private static IndexedRecord readRecord(
      JsonNode node, Schema schema, String path, GenericData model) throws EventFormatException {
    if (!node.isObject()) {
      throw mismatch(path, "an object", node);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (schema.getField(name) == null) {
        throw new EventFormatException(Paths.child(path, name), "unknown field");
      }
    }
    IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
    for (Schema.Field field : schema.getFields()) {
      String fieldPath = Paths.field(path, field.name());
      JsonNode value = node.get(field.name());
      if (value != null) {
        record.put(field.pos(), read(value, field.schema(), fieldPath, model));
      } else if (field.hasDefaultValue()) {
        record.put(field.pos(), defaultValue(field, model));
      } else {
        throw new EventFormatException(fieldPath, "missing required field");
      }
    }
    return record;
  }

  private static Object readEnum(JsonNode node, Schema schema, String path, GenericData model)
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
    return model.createEnum(symbol, schema);
  }

  private static String text(JsonNode node, String path) throws EventFormatException {
    if (node.isTextual()) {
      return node.textValue();
    }
    throw mismatch(path, "a string", node);
  }

  private static String readUuid(JsonNode node, String path) throws EventFormatException {
    String text = text(node, path);
    if (!isUuidForm(text)) {
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

  /**
   * A JSON object as a map. The generic target keeps the JSON order ({@code LinkedHashMap}); the
   * specific target builds the {@code HashMap} of the entry count that Avro's datum reader builds,
   * filled in the same order, so even the iteration order is the round trip's.
   */
  private static Map<String, Object> readMap(
      JsonNode node, Schema schema, String path, GenericData model) throws EventFormatException {
    if (!node.isObject()) {
      throw mismatch(path, "an object", node);
    }
    Map<String, Object> map = model == GENERIC ? new LinkedHashMap<>() : new HashMap<>(node.size());
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String entryPath = Paths.child(path, entry.getKey());
      map.put(
          wireString(entry.getKey(), model),
          read(entry.getValue(), schema.getValueType(), entryPath, model));
    }
    return map;
  }

  private static GenericData.Array<Object> readArray(
      JsonNode node, Schema schema, String path, GenericData model) throws EventFormatException {
    if (!node.isArray()) {
      throw mismatch(path, "an array", node);
    }
    List<Object> items = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      items.add(read(node.get(i), schema.getElementType(), Paths.index(path, i), model));
    }
    return new GenericData.Array<>(schema, items);
  }

  private static Object readNullable(JsonNode node, Schema schema, String path, GenericData model)
      throws EventFormatException {
    Schema branch = Nullable.valueBranch(schema, path);
    return node.isNull() ? null : read(node, branch, path, model);
  }

  /**
   * The field's default. The specific target gets its own copy, as a round trip would give it: the
   * model caches one default value per field, and a map default is mutable.
   */
  private static Object defaultValue(Schema.Field field, GenericData model) {
    Object value = model.getDefaultValue(field);
    return model == GENERIC ? value : model.deepCopy(field.schema(), value);
  }

  /** The raw value in the target's logical type ({@code Instant}, {@code UUID}) if it has one. */
  private static Object converted(Object raw, Schema schema, GenericData model) {
    if (model == GENERIC) {
      return raw;
    }
    LogicalType logical = schema.getLogicalType();
    Conversion<?> conversion = model.getConversionFor(logical);
    return conversion == null
        ? raw
        : Conversions.convertToLogicalType(raw, schema, logical, conversion);
  }

  /**
   * The string as the specific target holds it: what Avro's binary encoding gives back, where each
   * lone surrogate (which UTF-8 cannot carry; {@code String.getBytes(UTF_8)} writes {@code ?})
   * becomes {@code ?}. The generic target keeps the text as parsed.
   */
  static String wireString(String text, GenericData model) {
    if (model == GENERIC) {
      return text;
    }
    int n = text.length();
    int i = 0;
    while (i < n && !Character.isSurrogate(text.charAt(i))) {
      i++;
    }
    if (i == n) {
      return text;
    }
    StringBuilder out = new StringBuilder(n).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '?' : c);
      }
    }
    return out.toString();
  }

  /** {@code [0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}}. */
  static boolean isUuidForm(String text) {
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok =
          i == 8 || i == 13 || i == 18 || i == 23
              ? c == '-'
              : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
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
