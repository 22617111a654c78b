package dev.vigil.redactionrules;

import dev.vigil.redactionrules.ops.Operator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Rule paths over the Avro schema of an event kind: dotted field names ({@code signal.user}); after
 * a {@code map<string>} field the rest of the path is one map key ({@code
 * signal.attributes.http.hostname}) or {@code *} for every key; the map field itself addresses the
 * whole map (only {@code drop}).
 */
final class SchemaPaths {
  /** Envelope fields no rule may alter and the scanner never touches (docs/design.md §4). */
  static final Set<String> PROTECTED =
      Set.of("event_id", "kind", "site", "service", "observed_at", "ingested_at");

  enum Leaf {
    STRING,
    MAP_KEY,
    MAP_ALL,
    MAP_WHOLE
  }

  /** A resolved rule path: the field ({@code fieldPath}) and, for maps, which entries. */
  record Resolved(String fieldPath, Leaf leaf, String mapKey) {}

  private SchemaPaths() {}

  /** Resolves {@code path} or throws {@link IllegalArgumentException} with a safe message. */
  static Resolved resolve(Schema root, String path) {
    String[] seg = path.split("\\.", -1);
    Schema record = root;
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < seg.length; i++) {
      if (seg[i].isEmpty()) {
        throw new IllegalArgumentException("empty segment in path '" + path + "'");
      }
      Schema.Field f = record.getField(seg[i]);
      if (f == null) {
        throw unknownField(record, seg[i]);
      }
      if (i == 0 && PROTECTED.contains(seg[i])) {
        throw new IllegalArgumentException(
            "'" + seg[i] + "' is a protected envelope field and can never be altered");
      }
      field.append(i == 0 ? "" : ".").append(seg[i]);
      Schema t = nonNull(f.schema());
      boolean last = i == seg.length - 1;
      switch (t.getType()) {
        case RECORD -> {
          if (last) {
            throw new IllegalArgumentException(
                "'" + field + "' is a record; address one of its fields");
          }
          record = t;
        }
        case STRING -> {
          return string(field.toString(), t, last);
        }
        case MAP -> {
          return map(field.toString(), t, seg, i);
        }
        default ->
            throw new IllegalArgumentException(
                "'"
                    + field
                    + "' has type "
                    + t.getType().getName()
                    + "; only string fields and maps of strings can be redacted");
      }
    }
    throw new IllegalArgumentException("empty path");
  }

  private static IllegalArgumentException unknownField(Schema record, String name) {
    return new IllegalArgumentException(
        "unknown field '"
            + name
            + "' in "
            + record.getName()
            + " (fields: "
            + record.getFields().stream().map(Schema.Field::name).collect(Collectors.joining(", "))
            + ")");
  }

  /** A string field: the end of the path. */
  private static Resolved string(String field, Schema t, boolean last) {
    if (t.getLogicalType() != null) {
      throw new IllegalArgumentException(
          "'" + field + "' is a " + t.getLogicalType().getName() + "; it cannot be redacted");
    }
    if (!last) {
      throw new IllegalArgumentException("'" + field + "' is a string; it has no sub-fields");
    }
    return new Resolved(field, Leaf.STRING, null);
  }

  /**
   * A map field at {@code seg[i]}: the whole map, every key ({@code *}) or the one key after it.
   */
  private static Resolved map(String field, Schema t, String[] seg, int i) {
    if (nonNull(t.getValueType()).getType() != Schema.Type.STRING) {
      throw new IllegalArgumentException("'" + field + "' is not a map of strings");
    }
    if (i == seg.length - 1) {
      return new Resolved(field, Leaf.MAP_WHOLE, null);
    }
    String key = String.join(".", Arrays.asList(seg).subList(i + 1, seg.length));
    if (key.equals("*")) {
      return new Resolved(field, Leaf.MAP_ALL, null);
    }
    if (key.contains("*")) {
      throw new IllegalArgumentException(
          "'*' is only allowed as a whole map key ('" + field + ".*')");
    }
    return new Resolved(field, Leaf.MAP_KEY, key);
  }

  /** Every string and string-map field of the schema outside the protected envelope fields. */
  static List<Targets.Target> targets(
      Schema root,
      Map<String, Operator> stringRules,
      Map<String, Map<String, Operator>> mapKeyRules,
      Map<String, Operator> mapAllRules,
      Map<String, Operator> mapWholeRules) {
    List<Targets.Target> out = new ArrayList<>();
    collect(root, "", new int[0], stringRules, mapKeyRules, mapAllRules, mapWholeRules, out);
    return out;
  }

  private static void collect(
      Schema record,
      String prefix,
      int[] positions,
      Map<String, Operator> stringRules,
      Map<String, Map<String, Operator>> mapKeyRules,
      Map<String, Operator> mapAllRules,
      Map<String, Operator> mapWholeRules,
      List<Targets.Target> out) {
    for (Schema.Field f : record.getFields()) {
      if (prefix.isEmpty() && PROTECTED.contains(f.name())) {
        continue;
      }
      String path = prefix.isEmpty() ? f.name() : prefix + "." + f.name();
      int[] pos = Arrays.copyOf(positions, positions.length + 1);
      pos[positions.length] = f.pos();
      Schema t = nonNull(f.schema());
      boolean nullable = t != f.schema();
      switch (t.getType()) {
        case RECORD ->
            collect(t, path, pos, stringRules, mapKeyRules, mapAllRules, mapWholeRules, out);
        case STRING -> {
          if (t.getLogicalType() == null) {
            out.add(new Targets.StringTarget(path, pos, nullable, stringRules.get(path)));
          }
        }
        case MAP -> {
          if (nonNull(t.getValueType()).getType() == Schema.Type.STRING) {
            out.add(
                new Targets.MapTarget(
                    path,
                    pos,
                    Map.copyOf(mapKeyRules.getOrDefault(path, Map.of())),
                    mapAllRules.get(path),
                    mapWholeRules.get(path)));
          }
        }
        default -> {}
      }
    }
  }

  static Schema nonNull(Schema s) {
    if (s.getType() == Schema.Type.UNION) {
      List<Schema> branches = s.getTypes();
      if (branches.size() == 2 && branches.get(0).getType() == Schema.Type.NULL) {
        return branches.get(1);
      }
      if (branches.size() == 2 && branches.get(1).getType() == Schema.Type.NULL) {
        return branches.get(0);
      }
    }
    return s;
  }
}
