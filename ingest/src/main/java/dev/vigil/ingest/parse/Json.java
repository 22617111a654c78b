package dev.vigil.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;

/**
 * Shared JSON reading for sensor formats. Jackson's error messages quote the input, so failures are
 * reported only as {@code malformed JSON at character N}.
 */
final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxStringLength(4 << 20)
                .maxDocumentLength(16L << 20)
                .build());
  }

  private Json() {}

  /** The parsed object, or a rejection reason. */
  static Result readObject(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        return new Result(null, "empty record");
      }
      if (!node.isObject()) {
        return new Result(null, "expected a JSON object but got " + kind(node));
      }
      return new Result(node, null);
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
      String what =
          e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
              ? "duplicate key in JSON object"
              : "malformed JSON";
      return new Result(null, what + " at character " + at);
    } catch (RuntimeException e) {
      return new Result(null, "unreadable JSON (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Text of a scalar at a dotted-free path of field names, empty if absent or null. */
  static Optional<String> text(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
      return Optional.empty();
    }
    return Optional.of(n.asText());
  }

  static JsonNode at(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      if (n == null) {
        return null;
      }
      n = n.get(p);
    }
    return n;
  }

  static String kind(JsonNode node) {
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return node.isNull() ? "null" : "an object";
  }

  record Result(JsonNode node, String error) {
    boolean ok() {
      return node != null;
    }
  }
}
