package dev.vigil.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cuts a released version: {@code mvn -B -pl schemas test -Dtest=ReleaseSnapshotWriter
 * -Dvigil.schemas.release=N}. Writes {@code src/main/released/N/<Name>.avsc} for every top-level
 * schema that is new or differs from its latest snapshot. Skipped in normal builds.
 */
class ReleaseSnapshotWriter {
  private static final String PROPERTY = "vigil.schemas.release";

  @Test
  @EnabledIfSystemProperty(named = PROPERTY, matches = "[1-9][0-9]*")
  void writeSnapshotsOfChangedSchemas() throws IOException {
    int version = Integer.parseInt(System.getProperty(PROPERTY));
    assertThat(SchemaSnapshots.versions())
        .as("a released version is never rewritten")
        .allSatisfy(v -> assertThat(v).isLessThan(version));
    for (Map.Entry<String, Schema> e : SchemaSnapshots.currentTopLevel().entrySet()) {
      // same text as the deprecated Schema.toString(true)
      String text = SchemaFormatter.format("json/pretty", e.getValue()) + "\n";
      Optional<Integer> latest = SchemaSnapshots.latestVersion(e.getKey());
      if (latest.isPresent()
          && Files.readString(SchemaSnapshots.snapshotPath(latest.get(), e.getKey()))
              .equals(text)) {
        continue;
      }
      Path target = SchemaSnapshots.snapshotPath(version, e.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, text, StandardCharsets.UTF_8);
    }
  }
}
