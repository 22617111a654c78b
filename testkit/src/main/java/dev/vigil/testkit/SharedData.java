package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Locates the third-party test corpora (real sensor output, labelled PII sentences; provenance and
 * licences in their MANIFEST.tsv), kept beside the repository as {@code shared/data}: the system
 * property {@code vigil.shared.data} if set, else the first {@code shared/data} found walking up
 * from the working directory. Fails with a clear message if it is missing, never skips; CI has it.
 */
public final class SharedData {

  private SharedData() {}

  public static Path root() {
    String prop = System.getProperty("vigil.shared.data");
    if (prop != null && !prop.isBlank()) {
      Path p = Path.of(prop);
      if (Files.isDirectory(p)) {
        return p;
      }
      throw new IllegalStateException("vigil.shared.data points at a missing directory: " + p);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate) && Files.exists(candidate.resolve("MANIFEST.tsv"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared/data not found above "
            + Path.of("").toAbsolutePath()
            + "; set -Dvigil.shared.data=/path/to/shared/data");
  }

  public static Path file(String relative) {
    Path p = root().resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("missing shared data file " + relative);
    }
    return p;
  }

  public static String read(String relative) {
    try {
      return Files.readString(file(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines as a tailer would see them (split on LF, CR stripped, no trailing empty line). */
  public static List<String> lines(String relative) {
    return read(relative).lines().toList();
  }
}
