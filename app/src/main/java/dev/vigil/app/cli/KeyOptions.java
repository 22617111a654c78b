package dev.vigil.app.cli;

import dev.vigil.redactionrules.keys.EnvKeyProvider;
import dev.vigil.redactionrules.keys.FileKeyProvider;
import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeyProvider;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --keys F}: where redaction keys come from (else {@code VIGIL_REDACTION_KEY_<ID>}). */
public final class KeyOptions {
  @Option(
      names = "--keys",
      paramLabel = "F",
      description =
          "Key file (key-id = base64 lines, mode 600). Default: VIGIL_REDACTION_KEY_<ID> variables.")
  Optional<Path> keys = Optional.empty();

  KeyProvider provider() {
    if (keys.isEmpty()) {
      return new EnvKeyProvider();
    }
    try {
      return FileKeyProvider.load(keys.get());
    } catch (KeyException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** For structural checks only: every key id resolves to fixed, useless material. */
  static KeyProvider placeholder() {
    return keyId -> new byte[KeyProvider.MIN_KEY_BYTES];
  }
}
