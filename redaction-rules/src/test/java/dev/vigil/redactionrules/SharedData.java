package dev.vigil.redactionrules;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the third-party corpora in {@code ../shared/data} (see its README): the system property
 * {@code vigil.shared.data} (set by the module POM), else the first {@code shared/data} found
 * walking up from the working directory. Fails loudly, never skips, when it is missing.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    String prop = System.getProperty("vigil.shared.data");
    if (prop != null && Files.isDirectory(Path.of(prop))) {
      return Path.of(prop).normalize();
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared/data");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(
        "third-party test data not found: set -Dvigil.shared.data or check out ../shared/data"
            + " next to the repository (tests need it; they do not skip)");
  }

  public static Path file(String relative) {
    Path p = root().resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new AssertionError("missing test data file " + p);
    }
    return p;
  }
}
