package dev.vigil.schemas.json;

import java.util.regex.Pattern;

/**
 * Builds field paths for error messages. A JSON object key supplied by the client (map key or
 * unknown field name) appears verbatim only if it is a plain identifier; anything else could hold
 * personal data and is shown as {@code *}.
 */
final class Paths {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Paths() {}

  static String child(String parent, String name) {
    String shown = PLAIN_NAME.matcher(name).matches() ? name : "*";
    return parent.isEmpty() ? shown : parent + "." + shown;
  }

  /**
   * The path of a schema field: Avro names are plain identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}),
   * so they are shown as they are, without the check {@link #child} makes on client keys.
   */
  static String field(String parent, String schemaFieldName) {
    return parent.isEmpty() ? schemaFieldName : parent + "." + schemaFieldName;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
