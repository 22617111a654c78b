package dev.vigil.redactionrules;

import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeyProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/** In-memory keys for tests: the material of id X is SHA-256("test-key:" + X). */
public final class TestKeys implements KeyProvider {
  private final Set<String> ids;

  private TestKeys(Set<String> ids) {
    this.ids = ids;
  }

  public static TestKeys of(String... ids) {
    return new TestKeys(Set.of(ids));
  }

  @Override
  public byte[] keyMaterial(String keyId) throws KeyException {
    if (!ids.contains(keyId)) {
      throw new KeyException("key " + keyId + " is unknown");
    }
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(("test-key:" + keyId).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The default rule set with its key, as shipped. */
  public static RuleSet defaultRules() {
    try (var in = TestKeys.class.getResourceAsStream("/rules/default.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return RuleSetLoader.load("default.yaml", yaml, of("vigil-pseudonym"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
