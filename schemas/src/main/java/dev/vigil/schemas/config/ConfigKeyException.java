package dev.vigil.schemas.config;

import java.util.List;

/**
 * An invalid config value. The message starts with the dotted key path ({@code
 * services.payments.standby: site 'dr' is not in sites}); {@link #path()} gives the same path as
 * segments so a YAML loader can point at the key's line.
 */
public final class ConfigKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final List<String> path;

  public ConfigKeyException(String dottedPath, String problem) {
    super(dottedPath + ": " + problem);
    this.path = List.of(dottedPath.split("\\."));
  }

  /** The key path as segments, e.g. {@code [services, payments, standby]}. */
  public List<String> path() {
    return path;
  }
}
