package dev.vigil.redactionrules.keys;

import java.security.GeneralSecurityException;

/**
 * Authorised re-identification: turns an {@code enc:<keyset>:<key-id>:…} token written by the
 * {@code encrypt} operator back into the original value, with whichever key of the keyset the token
 * names (the primary or an older one kept after a rotation), and checks a value against a {@code
 * pn:} pseudonym. Callers are expected to audit every use.
 */
public final class Reidentifier {
  private final KeyProvider keys;

  public Reidentifier(KeyProvider keys) {
    this.keys = keys;
  }

  /** The keyset and key id a token names, without decrypting it. */
  public static RedactionKeyset.Token parse(String token) throws GeneralSecurityException {
    return RedactionKeyset.Token.parse(token);
  }

  public String decrypt(String token) throws KeyException, GeneralSecurityException {
    return keys.keyset(parse(token).keyset()).decrypt(token);
  }

  public boolean isPseudonymOf(String token, String value)
      throws KeyException, GeneralSecurityException {
    return keys.keyset(parse(token).keyset()).isPseudonymOf(token, value);
  }
}
