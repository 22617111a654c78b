package dev.vigil.app.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <data-dir>/endpoints.json}: what a long-running command serves, written once it is ready
 * and removed when it stops cleanly. Keys: {@code bootstrap}, {@code registry}, {@code ingest},
 * {@code status}, {@code metrics} (only those served), and {@value #AUDIT_KEYS_DIR}: the audit
 * keyset directory ({@code audit.keysDir}) the client commands key their audit records with.
 */
public final class Endpoints {
  public static final String FILE = "endpoints.json";

  /** Key of the absolute audit keyset directory of the running platform. */
  public static final String AUDIT_KEYS_DIR = "auditKeysDir";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> entries = new LinkedHashMap<>();

  public Endpoints put(String key, String value) {
    entries.put(key, value);
    return this;
  }

  public Map<String, String> asMap() {
    return Map.copyOf(entries);
  }

  /** Writes atomically (temp file + rename) so a reader never sees half a file. */
  public Path write(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Path tmp = Files.createTempFile(dataDir, "endpoints", ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), entries);
      Path target = dataDir.resolve(FILE);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE), e);
    }
  }

  public static void delete(Path dataDir) {
    try {
      Files.deleteIfExists(dataDir.resolve(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the endpoints a running {@code vigil run}/{@code platform} wrote, if any. */
  @SuppressWarnings("unchecked")
  public static Optional<Map<String, String>> read(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Map.copyOf(JSON.readValue(file.toFile(), Map.class)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
