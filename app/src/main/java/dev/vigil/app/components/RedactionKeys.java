package dev.vigil.app.components;

import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.redactionrules.keys.KeysetStore;
import dev.vigil.streams.redaction.RedactionSection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the redactor's keysets come from: {@code redaction.keysDir} (every keyset a rule set names
 * must be there); else {@code <data-dir>/keys/redaction}, where a keyset is generated the first
 * time a rule set names it — fine for one machine, but both sites must hold the same keysets for
 * their pseudonyms to match, so production sets {@code keysDir} (and KEY_SYNC checks it).
 */
public final class RedactionKeys {
  private static final Logger LOGGER = LoggerFactory.getLogger(RedactionKeys.class);

  private RedactionKeys() {}

  /** The keyset directory {@code vigil run} uses with this configuration. */
  public static Path dir(RedactionSection config, Path dataDir) {
    return config.keysDir().orElse(dataDir.resolve("keys").resolve("redaction"));
  }

  static KeyProvider resolve(RedactionSection config, Path dataDir) {
    try {
      if (config.keysDir().isPresent()) {
        return KeysetStore.open(config.keysDir().get());
      }
      Path legacy = dataDir.resolve("keys").resolve("redaction.keys");
      if (Files.exists(legacy)) {
        LOGGER
            .atWarn()
            .addKeyValue("file", legacy)
            .log(
                "ignoring a key file in the format used before Tink keysets; new pseudonyms use"
                    + " a keyset in keys/redaction and will not match the old ones");
      }
      KeysetStore store = KeysetStore.openCreatingMissing(dir(config, dataDir));
      LOGGER
          .atInfo()
          .addKeyValue("dir", store.dir())
          .log(
              "redaction keysets generated here on first use; set redaction.keysDir so both sites share them");
      return store;
    } catch (KeyException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
