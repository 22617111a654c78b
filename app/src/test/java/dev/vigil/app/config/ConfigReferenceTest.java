package dev.vigil.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps docs/config.md true: every config key is documented, and nothing undocumented exists. */
class ConfigReferenceTest {

  @Test
  void shouldDocumentEveryConfigKey() throws Exception {
    // Given the reference and the keys the config records accept
    String reference = Files.readString(Path.of("..", "docs", "config.md"));
    List<String> keys = new ArrayList<>();
    for (RecordComponent section : VigilConfig.class.getRecordComponents()) {
      if (!section.getType().isRecord()) {
        keys.add(section.getName()); // a list or map section (sites, services)
        continue;
      }
      for (String key : yamlKeys(section.getType())) {
        keys.add(section.getName() + "." + key);
      }
    }
    // Then each has a row in the reference table
    assertThat(keys).hasSizeGreaterThan(10).contains("failover.maxClockSkew", "failover.commands");
    for (String key : keys) {
      assertThat(reference).as("docs/config.md documents %s", key).contains("| `" + key + "` |");
    }
  }

  @Test
  void shouldDocumentEveryNestedKeyInItsSectionsPartOfTheReference() throws Exception {
    // Given the reference and every key below the first level (records in records, in lists, in
    // optionals and in maps), e.g. ingest.http.ackTimeout or alerts.destinations[].routingKeyFile
    String reference = Files.readString(Path.of("..", "docs", "config.md"));
    List<String> nested = new ArrayList<>();
    for (RecordComponent section : VigilConfig.class.getRecordComponents()) {
      walk(section.getName(), section.getGenericType(), 0, nested);
    }
    // Then each is a row of its own, or its name is written in code style in the reference
    assertThat(nested).hasSizeGreaterThan(30).contains("ingest.http.ackTimeout");
    List<String> missing = new ArrayList<>();
    for (String key : nested) {
      String leaf = key.substring(key.lastIndexOf('.') + 1);
      if (!reference.contains("`" + key + "`")
          && !reference.contains("`" + leaf + "`")
          && !reference.contains(leaf + ":")
          && !parentRowNames(reference, key.substring(0, key.lastIndexOf('.')), leaf)) {
        missing.add(key);
      }
    }
    assertThat(missing).as("keys with no word in docs/config.md").isEmpty();
  }

  /**
   * Collects the keys below {@code path} (depth 0 = a section, whose own keys the test above
   * checks).
   */
  private static void walk(String path, Type type, int depth, List<String> out) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw) || java.util.Set.class.isAssignableFrom(raw)) {
        walk(path + "[]", args[0], depth, out);
      } else if (java.util.Optional.class.equals(raw)) {
        walk(path, args[0], depth, out);
      } else if (java.util.Map.class.isAssignableFrom(raw)) {
        walk(path + ".*", args[1], depth, out);
      }
      return;
    }
    if (!(type instanceof Class<?> c) || !c.isRecord() || depth > 6) {
      return;
    }
    Method creator = creator(c);
    if (creator == null) {
      for (RecordComponent key : c.getRecordComponents()) {
        visit(path + "." + key.getName(), key.getGenericType(), depth, out);
      }
      return;
    }
    for (Parameter p : creator.getParameters()) {
      visit(
          path + "." + p.getAnnotation(JsonProperty.class).value(),
          p.getParameterizedType(),
          depth,
          out);
    }
  }

  private static void visit(String key, Type type, int depth, List<String> out) {
    if (depth > 0) {
      out.add(key);
    }
    walk(key, type, depth + 1, out);
  }

  /**
   * Whether the reference row of {@code parent} names {@code leaf}, as in {@code {initial, max}}.
   */
  private static boolean parentRowNames(String reference, String parent, String leaf) {
    String base = parent.replace("[]", "").replace(".*", "");
    java.util.regex.Pattern word =
        java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(leaf) + "\\b");
    return reference
        .lines()
        .filter(l -> l.startsWith("| `" + base + "`"))
        .anyMatch(l -> word.matcher(l).find());
  }

  private static Method creator(Class<?> type) {
    // the properties-based creator: a delegating one (e.g. a bare string form) names no keys
    for (Method m : type.getDeclaredMethods()) {
      if (m.isAnnotationPresent(JsonCreator.class)
          && Modifier.isStatic(m.getModifiers())
          && m.getAnnotation(JsonCreator.class).mode() != JsonCreator.Mode.DELEGATING) {
        return m;
      }
    }
    return null;
  }

  /**
   * The keys a section accepts in YAML: the {@code @JsonProperty} names of its {@code @JsonCreator}
   * factory when it has one (the record may hold parsed values under other names), else its record
   * components.
   */
  private static List<String> yamlKeys(Class<?> section) {
    for (Method m : section.getDeclaredMethods()) {
      if (m.isAnnotationPresent(JsonCreator.class) && Modifier.isStatic(m.getModifiers())) {
        List<String> names = new ArrayList<>();
        for (Parameter p : m.getParameters()) {
          names.add(p.getAnnotation(JsonProperty.class).value());
        }
        return names;
      }
    }
    List<String> names = new ArrayList<>();
    for (RecordComponent key : section.getRecordComponents()) {
      names.add(key.getName());
    }
    return names;
  }
}
