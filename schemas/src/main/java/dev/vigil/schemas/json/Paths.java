package dev.vigil.schemas.json;

/**
 * Builds field paths for error messages. A JSON object key supplied by the client (map key or
 * unknown field name) appears verbatim only if it is a plain identifier; anything else could hold
 * personal data and is shown as {@code *}.
 */
final class Paths {
  private Paths() {}

  static String child(String parent, String name) {
    String shown = plain(name) ? name : "*";
    return parent.isEmpty() ? shown : parent + "." + shown;
  }

  /**
   * The path of a schema field: Avro names are plain identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}),
   * so they are shown as they are, without the check {@link #child} makes on client keys.
   */
  static String field(String parent, String schemaFieldName) {
    return parent.isEmpty() ? schemaFieldName : parent + "." + schemaFieldName;
  }

  /** {@code [A-Za-z0-9_-]{1,64}}, without a regex: this runs for every map key of every event. */
  static boolean plain(String name) {
    int n = name.length();
    if (n == 0 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
