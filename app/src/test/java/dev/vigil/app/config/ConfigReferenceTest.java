package dev.vigil.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
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
