package dev.vigil.schemas.signing;

import com.google.crypto.tink.subtle.Ed25519Verify;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Checks Ed25519 signatures against the keys listed in config, by key id. */
public final class Verifier {
  /** The outcome of a check: the verified key's owner, or why it failed. */
  public sealed interface Result {
    /** The signature is valid for a listed key. */
    record Valid(String keyId, String owner) implements Result {}

    /** The signature is missing, from an unlisted key, or wrong. */
    record Refused(SignatureRefusal reason) implements Result {}
  }

  private final Map<String, TrustedKey> keys;
  private final Map<String, Ed25519Verify> verifiers = new TreeMap<>();

  /**
   * @param keys trusted public keys by key id
   * @throws IllegalArgumentException when a key id breaks the identifier rule
   */
  public Verifier(Map<String, TrustedKey> keys) {
    this.keys = Map.copyOf(keys);
    this.keys.forEach(
        (id, key) -> {
          SigningKey.checkKeyId(id);
          verifiers.put(id, new Ed25519Verify(key.raw()));
        });
  }

  /** Whether any key is listed. */
  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** Checks {@code signature} over {@code data} by key {@code keyId}; nulls mean unsigned. */
  public Result verify(String keyId, byte[] data, byte[] signature) {
    Objects.requireNonNull(data, "data");
    if (keyId == null || signature == null) {
      return new Result.Refused(SignatureRefusal.UNSIGNED);
    }
    Ed25519Verify v = verifiers.get(keyId);
    if (v == null) {
      return new Result.Refused(SignatureRefusal.UNKNOWN_KEY);
    }
    try {
      v.verify(signature, data);
      return new Result.Valid(keyId, keys.get(keyId).owner());
    } catch (GeneralSecurityException | RuntimeException e) {
      return new Result.Refused(SignatureRefusal.BAD_SIGNATURE);
    }
  }
}
