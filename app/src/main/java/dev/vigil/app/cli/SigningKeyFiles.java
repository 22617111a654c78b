package dev.vigil.app.cli;

import dev.vigil.platform.security.SecretFiles;
import dev.vigil.schemas.signing.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Operator and rule-publisher signing keys on disk: written owner-only (mode 600), refused when the
 * group or others can read them ({@link SecretFiles}). Errors name the file, never the key.
 */
public final class SigningKeyFiles {
  private SigningKeyFiles() {}

  /** Reads a key file written by {@code vigil keys signing-keygen}. */
  public static SigningKey read(Path file) {
    String text = SecretFiles.read(file);
    try {
      return SigningKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("signing key file " + file + ": " + e.getMessage());
    }
  }

  /** Writes a new key file; never overwrites one. */
  public static void write(Path file, SigningKey key) {
    if (Files.exists(file)) {
      throw new IllegalStateException("signing key file " + file + " exists; not overwritten");
    }
    SecretFiles.write(file, key.toText());
  }

  /** The line to paste under {@code failover.commands.keys} or {@code redaction.ruleKeys}. */
  public static String configLine(SigningKey key, String owner) {
    return key.keyId() + ": {owner: " + owner + ", publicKey: " + key.publicKeyBase64() + "}";
  }
}
