package dev.vigil.schemas.signing;

import com.google.crypto.tink.subtle.Ed25519Verify;
import dev.vigil.schemas.event.Identifiers;
import java.util.Base64;
import java.util.Objects;

/**
 * A public key the verifier trusts, and the person or team who holds its private key: the audit
 * trail names that owner for whatever the key signed.
 *
 * @param owner who holds the private key (an identifier)
 * @param publicKey the 32-byte Ed25519 public key, base64
 */
public record TrustedKey(String owner, String publicKey) {
  public TrustedKey {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(publicKey, "publicKey");
    Identifiers.problem(owner)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException("owner " + p);
            });
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(publicKey.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("publicKey is not base64");
    }
    if (raw.length != Ed25519Verify.PUBLIC_KEY_LEN) {
      throw new IllegalArgumentException("publicKey is not a 32-byte Ed25519 public key");
    }
    publicKey = publicKey.trim();
  }

  byte[] raw() {
    return Base64.getDecoder().decode(publicKey);
  }
}
