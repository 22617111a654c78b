package dev.vigil.redactionrules.keys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keysets generated in memory on first use and never stored: for benchmarks, structural checks
 * ({@code vigil rules lint}) and tests. Pseudonyms from it mean nothing outside this process.
 */
public final class EphemeralKeys implements KeyProvider {
  private final Map<String, RedactionKeyset> keysets = new ConcurrentHashMap<>();

  @Override
  public RedactionKeyset keyset(String name) throws KeyException {
    RedactionKeyset k = keysets.get(name);
    if (k == null) {
      synchronized (this) {
        k = keysets.get(name);
        if (k == null) {
          k = RedactionKeyset.generate(name);
          keysets.put(name, k);
        }
      }
    }
    return k;
  }

  @Override
  public String toString() {
    return "EphemeralKeys[" + keysets.size() + " keysets]";
  }
}
