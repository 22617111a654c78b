package dev.vigil.redactionrules.keys;

import java.security.GeneralSecurityException;

/**
 * Authorised re-identification: turns an {@code enc:<keyId>:…} token written by the {@code encrypt}
 * operator back into the original value. Callers are expected to audit every use.
 */
public final class Reidentifier {
  private final KeyProvider keys;

  public Reidentifier(KeyProvider keys) {
    this.keys = keys;
  }

  /** The key id named by a token, without decrypting it. */
  public static String keyIdOf(String token) throws GeneralSecurityException {
    if (!token.startsWith(DeterministicCipher.PREFIX)) {
      throw new GeneralSecurityException("not an encrypted token");
    }
    int colon = token.indexOf(':', DeterministicCipher.PREFIX.length());
    if (colon < 0) {
      throw new GeneralSecurityException("malformed token");
    }
    return token.substring(DeterministicCipher.PREFIX.length(), colon);
  }

  public String decrypt(String token) throws KeyException, GeneralSecurityException {
    String keyId = keyIdOf(token);
    return new DeterministicCipher(keyId, keys.keyMaterial(keyId)).decrypt(token);
  }
}
