package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;

/**
 * Snapshot assertions for text that must not change by accident, such as a Kafka Streams {@code
 * Topology.describe()}: node and store names are part of the deployed state (changelogs,
 * repartition topics, ACL prefixes), so a rename is a migration, never a refactoring side effect.
 *
 * <p>Snapshots live in the module's {@code src/test/resources/snapshots/}. When a change is
 * intended, rewrite them with {@code -Dvigil.snapshots.update=true} and review the diff.
 */
public final class Snapshots {
  /** System property that rewrites the snapshot files instead of comparing. */
  public static final String UPDATE_PROPERTY = "vigil.snapshots.update";

  private Snapshots() {}

  /**
   * Asserts that {@code actual} equals the snapshot {@code name} of the module under test (line
   * endings normalised, trailing whitespace of the whole text ignored).
   */
  public static void assertMatchesSnapshot(String name, String actual) {
    Path file = Path.of("src", "test", "resources", "snapshots", name);
    String normalised = normalise(actual);
    try {
      if (Boolean.getBoolean(UPDATE_PROPERTY)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, normalised, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        Assertions.fail(
            "no snapshot "
                + file
                + "; run the test once with -D"
                + UPDATE_PROPERTY
                + "=true to write it, then review and commit it");
      }
      String expected = normalise(Files.readString(file, StandardCharsets.UTF_8));
      Assertions.assertEquals(
          expected,
          normalised,
          () ->
              "snapshot "
                  + file
                  + " differs: if the change is intended (node or store names are deployed state),"
                  + " rerun with -D"
                  + UPDATE_PROPERTY
                  + "=true and review the diff");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String normalise(String text) {
    return text.replace("\r\n", "\n").stripTrailing() + "\n";
  }
}
