package dev.vigil.redactionrules.keys;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Keys from environment variables: key id {@code site-a.k1} is read from {@code
 * VIGIL_REDACTION_KEY_SITE_A_K1} (upper case, every non-alphanumeric character as {@code _}) as
 * standard base64.
 */
public final class EnvKeyProvider implements KeyProvider {
  public static final String PREFIX = "VIGIL_REDACTION_KEY_";
  private final Map<String, String> env;

  public EnvKeyProvider() {
    this(System.getenv());
  }

  /** For tests and embedding: {@code env} stands in for the process environment. */
  public EnvKeyProvider(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static String variableName(String keyId) {
    return PREFIX + keyId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  @Override
  public byte[] keyMaterial(String keyId) throws KeyException {
    String name = variableName(keyId);
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new KeyException("key " + keyId + " is not set (environment variable " + name + ")");
    }
    byte[] material;
    try {
      material = Base64.getDecoder().decode(value.strip());
    } catch (IllegalArgumentException e) {
      throw new KeyException("key " + keyId + " (" + name + ") is not valid base64");
    }
    if (material.length < MIN_KEY_BYTES) {
      throw new KeyException("key " + keyId + " is shorter than " + MIN_KEY_BYTES + " bytes");
    }
    return material;
  }

  @Override
  public String toString() {
    return "EnvKeyProvider[" + PREFIX + "*]";
  }
}
