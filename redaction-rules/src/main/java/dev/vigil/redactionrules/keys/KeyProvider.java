package dev.vigil.redactionrules.keys;

/**
 * Source of secret key material by key id (pseudonym and encryption keys). Both sites must be given
 * the same material for a key id so that their pseudonyms are equal. Implementations must never log
 * material or put it into {@code toString()} or exception messages.
 */
public interface KeyProvider {
  /** Minimum key size: 256 bits. */
  int MIN_KEY_BYTES = 32;

  /**
   * The raw material of {@code keyId} (a fresh copy the caller may wipe).
   *
   * @throws KeyException if the id is unknown or the material is unusable; the message names the id
   */
  byte[] keyMaterial(String keyId) throws KeyException;
}
