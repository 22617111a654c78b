package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/** Client-properties files for CLIs under test: owner-only (they hold a SCRAM password). */
final class ClientConfigFiles {
  private ClientConfigFiles() {}

  /** Writes {@code properties} without {@code bootstrap.servers} to a new mode-600 temp file. */
  static Path write(Map<String, Object> properties) {
    Properties p = new Properties();
    properties.forEach(
        (key, value) -> {
          if (!key.equals("bootstrap.servers")) {
            p.setProperty(key, String.valueOf(value));
          }
        });
    try {
      Path file =
          Files.createTempFile(
              "vigil-client-",
              ".properties",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      file.toFile().deleteOnExit();
      try (Writer writer = Files.newBufferedWriter(file)) {
        p.store(writer, "Kafka client properties of a test platform user");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a client config file", e);
    }
  }
}
