package dev.vigil.schemas.signing;

import com.google.crypto.tink.subtle.Ed25519Sign;
import dev.vigil.schemas.event.Identifiers;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import java.util.Properties;

/**
 * An Ed25519 signing key of an operator or rule publisher, with its key id. Its text form (a key
 * file, kept owner-only by the caller) is three {@code name=value} lines: {@code key_id}, {@code
 * private_key} (the 32-byte seed, base64) and {@code public_key} (base64). {@link #toString()}
 * never shows the private part.
 */
public final class SigningKey {
  private final String keyId;
  private final byte[] seed;
  private final byte[] publicKey;
  private final Ed25519Sign signer;

  private SigningKey(String keyId, byte[] seed) {
    this.keyId = checkKeyId(keyId);
    try {
      Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed);
      this.seed = seed.clone();
      this.publicKey = pair.getPublicKey();
      this.signer = new Ed25519Sign(seed);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an Ed25519 private key (key id " + keyId + ")");
    }
  }

  /** A new random key pair named {@code keyId}. */
  public static SigningKey generate(String keyId) {
    try {
      return new SigningKey(keyId, Ed25519Sign.KeyPair.newKeyPair().getPrivateKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an Ed25519 key pair", e);
    }
  }

  /**
   * Reads the text form. Errors name the missing or broken line, never a key.
   *
   * @throws IllegalArgumentException when the text is not a signing key
   */
  public static SigningKey parse(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a signing key file");
    }
    String keyId = p.getProperty("key_id");
    String priv = p.getProperty("private_key");
    if (keyId == null || priv == null) {
      throw new IllegalArgumentException("a signing key file needs key_id and private_key lines");
    }
    byte[] seed;
    try {
      seed = Base64.getDecoder().decode(priv.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("private_key is not base64");
    }
    if (seed.length != Ed25519Sign.SECRET_KEY_LEN) {
      throw new IllegalArgumentException("private_key is not a 32-byte Ed25519 seed");
    }
    SigningKey key = new SigningKey(keyId.trim(), seed);
    String pub = p.getProperty("public_key");
    if (pub != null && !pub.trim().equals(key.publicKeyBase64())) {
      throw new IllegalArgumentException("public_key does not belong to private_key");
    }
    return key;
  }

  /** The text form, for a key file (write it owner-only). */
  public String toText() {
    return "# Vigil Ed25519 signing key; keep this file private (mode 600)\n"
        + "key_id="
        + keyId
        + "\nprivate_key="
        + Base64.getEncoder().encodeToString(seed)
        + "\npublic_key="
        + publicKeyBase64()
        + "\n";
  }

  public String keyId() {
    return keyId;
  }

  /** The public key, base64: what the verifier's config lists. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey);
  }

  /** The Ed25519 signature of {@code data}. */
  public byte[] sign(byte[] data) {
    Objects.requireNonNull(data, "data");
    try {
      return signer.sign(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  @Override
  public String toString() {
    return "SigningKey[" + keyId + "]";
  }

  static String checkKeyId(String keyId) {
    Identifiers.problem(keyId)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException("key id " + p);
            });
    return keyId;
  }
}
