package dev.vigil.redactionrules.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic authenticated encryption for authorised re-identification, an SIV construction
 * built from JDK primitives (the JDK has no AES-SIV): {@code iv = HMAC-SHA-256(macKey,
 * plaintext)[0..16)}, {@code c = AES-256-CTR(encKey, iv, plaintext)}, token {@code
 * enc:<keyId>:<base64url(iv || c)>}. Equal plaintexts give equal tokens under one key (so joins
 * survive); decryption recomputes the synthetic IV and rejects any token whose IV does not match.
 * The two sub-keys are derived from the key material with {@link KeyDerivation}.
 *
 * <p>Not thread-safe (holds a {@link Mac} and a {@link Cipher}); use one per thread.
 */
public final class DeterministicCipher {
  public static final String PREFIX = "enc:";
  private final String keyId;
  private final Mac mac;
  private final Cipher ctr;
  private final SecretKeySpec encKey;

  public DeterministicCipher(String keyId, byte[] material) throws GeneralSecurityException {
    this.keyId = keyId;
    this.mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(KeyDerivation.derive(material, KeyDerivation.SIV_MAC), "HmacSHA256"));
    this.encKey = new SecretKeySpec(KeyDerivation.derive(material, KeyDerivation.SIV_CTR), "AES");
    this.ctr = Cipher.getInstance("AES/CTR/NoPadding");
  }

  public String encrypt(String plaintext) throws GeneralSecurityException {
    byte[] p = plaintext.getBytes(StandardCharsets.UTF_8);
    byte[] iv = Arrays.copyOf(mac.doFinal(p), 16);
    ctr.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(iv));
    byte[] c = ctr.doFinal(p);
    byte[] out = Arrays.copyOf(iv, 16 + c.length);
    System.arraycopy(c, 0, out, 16, c.length);
    return PREFIX + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /**
   * @throws GeneralSecurityException if the token is malformed, for another key, or was altered
   */
  public String decrypt(String token) throws GeneralSecurityException {
    String head = PREFIX + keyId + ":";
    if (!token.startsWith(head)) {
      throw new GeneralSecurityException("not a token of key " + keyId);
    }
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(token.substring(head.length()));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("malformed token");
    }
    if (in.length < 16) {
      throw new GeneralSecurityException("malformed token");
    }
    byte[] iv = Arrays.copyOf(in, 16);
    ctr.init(Cipher.DECRYPT_MODE, encKey, new IvParameterSpec(iv));
    byte[] p = ctr.doFinal(in, 16, in.length - 16);
    byte[] expected = Arrays.copyOf(mac.doFinal(p), 16);
    if (!MessageDigest.isEqual(iv, expected)) {
      throw new GeneralSecurityException("token failed authentication");
    }
    return new String(p, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DeterministicCipher[" + keyId + "]";
  }
}
