package dev.vigil.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A credential (PagerDuty routing key, webhook signing secret). Its {@link #toString()} never shows
 * the value, so it cannot leak through a log line or an exception message.
 */
public final class Secret {
  private final String value;
  private final String origin;

  private Secret(String value, String origin) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(origin + " is empty");
    }
    this.value = value.trim();
    this.origin = origin;
  }

  /** The trimmed content of {@code file}. */
  public static Secret fromFile(Path file) {
    try {
      return new Secret(Files.readString(file), "file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read secret file " + file, e);
    }
  }

  /** The value of environment variable {@code name}. */
  public static Secret fromEnv(String name) {
    String value = System.getenv(name);
    if (value == null) {
      throw new IllegalArgumentException("environment variable " + name + " is not set");
    }
    return new Secret(value, "environment variable " + name);
  }

  /** A literal (tests). */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value"), "literal");
  }

  /** The value; only for building the request that needs it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "Secret[from " + origin + ", value hidden]";
  }
}
