package dev.vigil.ingest.posture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one value from a config file; only that value ever leaves this class.
 *
 * <ul>
 *   <li>{@code .yaml}, {@code .yml}, {@code .json}: the key is a dotted path ({@code
 *       server.tls.minVersion}); the value must be a scalar.
 *   <li>anything else, line by line, {@code #} and {@code ;} comments skipped: {@code key = value}
 *       (sysctl, properties; the last occurrence wins, as those tools read it) or {@code key value}
 *       (sshd_config style; the first occurrence wins, as sshd reads it, key case-insensitive).
 * </ul>
 */
final class ConfigValues {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigValues() {}

  static Optional<String> read(Path file, String key) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
      return structured(file, key);
    }
    Optional<String> assigned = Optional.empty();
    for (String raw :
        new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      int eq = line.indexOf('=');
      String before = eq > 0 ? line.substring(0, eq).strip() : "";
      if (!before.isEmpty() && indexOfWhitespace(before) < 0) {
        if (before.equals(key)) {
          assigned = Optional.of(unquote(line.substring(eq + 1).strip()));
        }
        continue;
      }
      int ws = indexOfWhitespace(line);
      if (ws > 0 && line.substring(0, ws).equalsIgnoreCase(key) && assigned.isEmpty()) {
        return Optional.of(unquote(line.substring(ws).strip()));
      }
    }
    return assigned;
  }

  private static Optional<String> structured(Path file, String key) throws IOException {
    JsonNode node = YAML.readTree(Files.readString(file));
    for (String part : key.split("\\.", -1)) {
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      node = node.get(part);
    }
    if (node == null || node.isNull() || !node.isValueNode()) {
      return Optional.empty();
    }
    return Optional.of(node.asText());
  }

  private static int indexOfWhitespace(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (Character.isWhitespace(line.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
