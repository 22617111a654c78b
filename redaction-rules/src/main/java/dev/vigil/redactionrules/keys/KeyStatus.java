package dev.vigil.redactionrules.keys;

/** Status of one key in a keyset, as {@code vigil keys list} shows it. */
public enum KeyStatus {
  /** Used for new pseudonyms/tokens (and still resolves old ones). */
  PRIMARY,
  /** Resolves tokens it wrote; not used for new ones. */
  ENABLED,
  /** Kept in the file, resolves nothing. */
  DISABLED
}
