package dev.vigil.ingest.posture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.schemas.avro.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A hardened baseline: the files and config keys a site must keep as they are. YAML or JSON (JSON
 * is YAML), either a list or {@code {controls: [...]}} of
 *
 * <pre>
 * - control_id: CIS-5.2.1          # a file: must exist, and hash to sha256 when given
 *   path: /etc/ssh/sshd_config
 *   sha256: 3f1c...                # optional, 64 hex digits
 *   severity: HIGH                 # optional, default MEDIUM
 * - control_id: CIS-5.2.10         # a config key: must have the expected value
 *   file: /etc/ssh/sshd_config
 *   key: PermitRootLogin
 *   expected: "no"
 * </pre>
 *
 * Unknown fields and malformed entries stop loading, with the file and entry number.
 */
public record Baseline(List<Control> controls) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> FILE_FIELDS = Set.of("control_id", "path", "sha256", "severity");
  private static final Set<String> KEY_FIELDS =
      Set.of("control_id", "file", "key", "expected", "severity");

  public Baseline {
    controls = List.copyOf(controls);
  }

  /** One baseline entry. */
  public sealed interface Control permits FileControl, KeyControl {
    String controlId();

    Severity severity();
  }

  /** A file that must exist (and, with {@code sha256}, be unchanged). */
  public record FileControl(String controlId, Path path, Optional<String> sha256, Severity severity)
      implements Control {}

  /**
   * A key in a {@code key=value}, {@code key value} or YAML/JSON file that must equal {@code
   * expected}.
   */
  public record KeyControl(
      String controlId, Path file, String key, String expected, Severity severity)
      implements Control {}

  public static Baseline load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "baseline " + file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
    }
    if (root != null && root.isObject() && root.has("controls") && root.size() == 1) {
      root = root.get("controls");
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(
          "baseline " + file + ": expected a list of controls (or controls: [...])");
    }
    List<Control> controls = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      String where = "baseline " + file + " entry " + (i + 1) + ": ";
      try {
        controls.add(control(root.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    return new Baseline(controls);
  }

  private static Control control(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected a mapping");
    }
    boolean isFile = node.has("path");
    Set<String> allowed = isFile ? FILE_FIELDS : KEY_FIELDS;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!allowed.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '" + field + "' (known: " + new java.util.TreeSet<>(allowed) + ")");
      }
    }
    String controlId = text(node, "control_id");
    Severity severity = severity(node);
    if (isFile) {
      Optional<String> sha = Optional.ofNullable(node.get("sha256")).map(JsonNode::asText);
      sha.ifPresent(
          h -> {
            if (!h.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
              throw new IllegalArgumentException("sha256 must be 64 hex digits");
            }
          });
      return new FileControl(
          controlId,
          Path.of(text(node, "path")),
          sha.map(h -> h.toLowerCase(Locale.ROOT)),
          severity);
    }
    return new KeyControl(
        controlId,
        Path.of(text(node, "file")),
        text(node, "key"),
        text(node, "expected"),
        severity);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty()) {
      throw new IllegalArgumentException(field + " must be set");
    }
    return v.asText();
  }

  private static Severity severity(JsonNode node) {
    JsonNode v = node.get("severity");
    if (v == null) {
      return Severity.MEDIUM;
    }
    try {
      return Severity.valueOf(v.asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "severity must be one of INFO, LOW, MEDIUM, HIGH, CRITICAL");
    }
  }
}
