package dev.vigil.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * Describes offending JSON values in error messages without leaking payload content.
 *
 * <p>Free text is described by its JSON type only. Values of closed vocabularies (enum symbols,
 * timestamps, UUIDs) are quoted if they are at most {@value #MAX_QUOTED} characters drawn from the
 * vocabulary's own alphabet, which keeps e-mail addresses, names with spaces, URLs and the like out
 * of the message.
 */
final class Describe {
  static final int MAX_QUOTED = 40;
  static final Pattern SYMBOL_CHARS = Pattern.compile("[A-Za-z0-9_]+");
  static final Pattern TIMESTAMP_CHARS = Pattern.compile("[0-9TZ:.+ -]+");
  static final Pattern UUID_CHARS = Pattern.compile("[0-9A-Fa-f-]+");

  private Describe() {}

  /** The JSON type of a node, with an article: "a string", "an object", "null". */
  static String type(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    switch (node.getNodeType()) {
      case OBJECT:
        return "an object";
      case ARRAY:
        return "an array";
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Why a JSON number does not fit an int or long field. */
  static String badInteger(JsonNode number) {
    return number.isIntegralNumber() ? "a number out of range" : "a fractional number";
  }

  /** The value in quotes if it is short and uses only {@code alphabet}, else "a string". */
  static String quoted(String value, Pattern alphabet) {
    if (value.length() <= MAX_QUOTED && alphabet.matcher(value).matches()) {
      return "\"" + value + "\"";
    }
    return "a string (not shown)";
  }
}
