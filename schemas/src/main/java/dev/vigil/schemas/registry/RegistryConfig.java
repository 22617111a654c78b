package dev.vigil.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of a registry client, validated once. Keys accepted by {@link #from(String, Map)}:
 *
 * <ul>
 *   <li>{@value #BASIC_AUTH_USER_INFO}: {@code user:password} for HTTP basic auth (optional);
 *   <li>{@value #TIMEOUT_MS}: connect and request timeout in milliseconds (default 10000);
 *   <li>{@value #MAX_RETRIES}: retries after a connect error or a 5xx answer (default 3).
 * </ul>
 *
 * Unknown keys are errors. {@link #toString()} hides the credentials.
 */
public record RegistryConfig(
    URI url, Optional<String> basicAuthUserInfo, Duration timeout, int maxRetries) {

  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String TIMEOUT_MS = "timeout.ms";
  public static final String MAX_RETRIES = "max.retries";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_MAX_RETRIES = 3;
  private static final Set<String> KEYS = Set.of(BASIC_AUTH_USER_INFO, TIMEOUT_MS, MAX_RETRIES);

  public RegistryConfig {
    if (url == null || url.getScheme() == null) {
      throw new IllegalArgumentException(
          "Schema registry url must be mock://, http:// or https://");
    }
    String scheme = url.getScheme();
    if (!scheme.equals("mock") && !scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "Schema registry url scheme '" + scheme + "' is not one of mock, http, https");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "Schema registry url must not carry credentials; use '" + BASIC_AUTH_USER_INFO + "'");
    }
    basicAuthUserInfo = basicAuthUserInfo == null ? Optional.empty() : basicAuthUserInfo;
    if (basicAuthUserInfo.isPresent() && basicAuthUserInfo.get().indexOf(':') < 1) {
      throw new IllegalArgumentException(
          "Invalid value for '" + BASIC_AUTH_USER_INFO + "': expected user:password");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Invalid value for '" + TIMEOUT_MS + "': must be > 0");
    }
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException(
          "Invalid value for '" + MAX_RETRIES + "': must be between 0 and 10");
    }
  }

  /** Reads and validates {@code config}; the error names the bad key. */
  public static RegistryConfig from(String url, Map<String, ?> config) {
    Set<String> unknown = new TreeSet<>(config.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown schema registry config key(s) "
              + unknown
              + "; known keys are "
              + new TreeSet<>(KEYS));
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("Schema registry url is not a valid URI", e);
    }
    Object userInfo = config.get(BASIC_AUTH_USER_INFO);
    return new RegistryConfig(
        uri,
        Optional.ofNullable(userInfo).map(Object::toString).filter(s -> !s.isEmpty()),
        Duration.ofMillis(longValue(config, TIMEOUT_MS, DEFAULT_TIMEOUT.toMillis())),
        (int) longValue(config, MAX_RETRIES, DEFAULT_MAX_RETRIES));
  }

  private static long longValue(Map<String, ?> config, String key, long defaultValue) {
    Object value = config.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Number number) {
      return number.longValue();
    }
    try {
      return Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid value for '" + key + "': not an integer", e);
    }
  }

  @Override
  public String toString() {
    return "RegistryConfig[url="
        + url
        + ", basicAuth="
        + (basicAuthUserInfo.isPresent() ? "****" : "none")
        + ", timeout="
        + timeout
        + ", maxRetries="
        + maxRetries
        + "]";
  }
}
