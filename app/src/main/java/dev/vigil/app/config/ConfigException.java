package dev.vigil.app.config;

/** A config file that cannot be used; the message names the file, line and key. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
