package dev.vigil.schemas.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Finds the current top-level schemas (records in {@code src/main/avro} that no other schema nests)
 * and their released snapshots in {@code src/main/released/<version>/<Name>.avsc}.
 */
final class SchemaSnapshots {
  static final Path AVRO_DIR = Path.of("src/main/avro");
  static final Path RELEASED_DIR = Path.of("src/main/released");
  private static final String PACKAGE = "dev.vigil.schemas.avro.";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SchemaSnapshots() {}

  /** Current top-level record schemas by simple name, from the generated classes. */
  static TreeMap<String, Schema> currentTopLevel() {
    TreeMap<String, Schema> records = new TreeMap<>();
    for (String name : declaredNames()) {
      Schema schema = classSchema(name);
      if (schema.getType() == Schema.Type.RECORD) {
        records.put(name, schema);
      }
    }
    Set<String> nested = new HashSet<>();
    records.values().forEach(r -> collectNested(r, nested, new HashSet<>(), true));
    records.keySet().removeIf(name -> nested.contains(PACKAGE + name));
    return records;
  }

  /** The highest released version holding a snapshot of {@code name}, if any. */
  static Optional<Integer> latestVersion(String name) {
    return versions().stream()
        .filter(v -> Files.exists(snapshotPath(v, name)))
        .max(Comparator.naturalOrder());
  }

  static Schema released(int version, String name) {
    try {
      return new Schema.Parser().parse(snapshotPath(version, name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path snapshotPath(int version, String name) {
    return RELEASED_DIR.resolve(Integer.toString(version)).resolve(name + ".avsc");
  }

  static List<Integer> versions() {
    if (!Files.isDirectory(RELEASED_DIR)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(RELEASED_DIR)) {
      return dirs.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[1-9][0-9]*"))
          .map(Integer::valueOf)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> declaredNames() {
    try (Stream<Path> files = Files.list(AVRO_DIR)) {
      return files
          .filter(p -> p.toString().endsWith(".avsc"))
          .map(SchemaSnapshots::declaredName)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String declaredName(Path file) {
    try {
      JsonNode json = MAPPER.readTree(file.toFile());
      return json.get("name").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema classSchema(String name) {
    try {
      Class<?> type = Class.forName(PACKAGE + name);
      return SpecificData.getForClass(type).getSchema(type);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("no generated class for " + name, e);
    }
  }

  private static void collectNested(Schema s, Set<String> nested, Set<Schema> seen, boolean top) {
    if (!seen.add(s)) {
      return;
    }
    switch (s.getType()) {
      case RECORD:
        if (!top) {
          nested.add(s.getFullName());
        }
        s.getFields().forEach(f -> collectNested(f.schema(), nested, seen, false));
        break;
      case ENUM:
      case FIXED:
        nested.add(s.getFullName());
        break;
      case ARRAY:
        collectNested(s.getElementType(), nested, seen, false);
        break;
      case MAP:
        collectNested(s.getValueType(), nested, seen, false);
        break;
      case UNION:
        s.getTypes().forEach(t -> collectNested(t, nested, seen, false));
        break;
      default:
        break;
    }
  }
}
