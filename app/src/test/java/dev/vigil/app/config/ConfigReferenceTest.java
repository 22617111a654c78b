package dev.vigil.app.config;

import static org.assertj.core.api.Assertions.assertThat;

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
      for (RecordComponent key : section.getType().getRecordComponents()) {
        keys.add(section.getName() + "." + key.getName());
      }
    }
    // Then each has a row in the reference table
    assertThat(keys).hasSizeGreaterThan(10);
    for (String key : keys) {
      assertThat(reference).as("docs/config.md documents %s", key).contains("| `" + key + "` |");
    }
  }
}
