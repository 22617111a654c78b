package dev.vigil.redactionrules.keys;

/**
 * Source of redaction keysets by name (the ids a rule set declares under {@code keys}). Both sites
 * must be given the same keysets so that their pseudonyms are equal ({@link
 * RedactionKeyset#fingerprint()} tells whether they are). Implementations must never log key
 * material or put it into {@code toString()} or exception messages.
 */
public interface KeyProvider {
  /**
   * The keyset named {@code name}.
   *
   * @throws KeyException if it is unknown or unusable; the message names it, never key material
   */
  RedactionKeyset keyset(String name) throws KeyException;
}
