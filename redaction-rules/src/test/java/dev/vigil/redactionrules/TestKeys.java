package dev.vigil.redactionrules;

import dev.vigil.redactionrules.keys.EphemeralKeys;
import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.redactionrules.keys.RedactionKeyset;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * In-memory keysets for tests: keyset X is generated once per test JVM, so every {@code TestKeys}
 * (both "sites" of a test) pseudonymises alike; names not given to {@link #of} are unknown.
 */
public final class TestKeys implements KeyProvider {
  private static final EphemeralKeys SHARED = new EphemeralKeys();
  private final Set<String> ids;

  private TestKeys(Set<String> ids) {
    this.ids = ids;
  }

  public static TestKeys of(String... ids) {
    return new TestKeys(Set.of(ids));
  }

  @Override
  public RedactionKeyset keyset(String name) throws KeyException {
    if (!ids.contains(name)) {
      throw new KeyException("keyset " + name + " is unknown");
    }
    return SHARED.keyset(name);
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
