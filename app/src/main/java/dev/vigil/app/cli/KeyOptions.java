package dev.vigil.app.cli;

import dev.vigil.redactionrules.keys.EphemeralKeys;
import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.redactionrules.keys.KeysetStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --keys D}: the directory of Tink keysets redaction keys come from (never created). */
public final class KeyOptions {
  @Option(
      names = "--keys",
      paramLabel = "D",
      defaultValue = ".vigil/keys/redaction",
      description =
          "Keyset directory (Tink JSON keysets, mode 600; see vigil keys). Default: the one"
              + " vigil run uses with the default data dir (${DEFAULT-VALUE}).")
  Path keys;

  KeyProvider provider() {
    try {
      return KeysetStore.open(keys);
    } catch (KeyException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** For structural checks only: every keyset name resolves to a throw-away in-memory keyset. */
  static KeyProvider placeholder() {
    return new EphemeralKeys();
  }
}
