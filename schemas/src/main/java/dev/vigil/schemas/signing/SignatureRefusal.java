package dev.vigil.schemas.signing;

import java.util.Locale;

/**
 * Why a signed command or rule set was refused; written into the refusal's audit record (details
 * key {@value #AUDIT_KEY}) and alert.
 */
public enum SignatureRefusal {
  /** No signature, key id or nonce, while signatures are required. */
  UNSIGNED,
  /** Signed by a key id the config does not list. */
  UNKNOWN_KEY,
  /** The signature does not match the content (a field changed after signing, or a forgery). */
  BAD_SIGNATURE,
  /**
   * The nonce was already used by an accepted command within {@code maxAge}; for a rule set: the
   * version accepted for its id already (a replay, or the same version published again).
   */
  REPLAYED,
  /**
   * A rule set whose version is lower than the highest one accepted for its id (a downgrade to an
   * older, validly signed rule set).
   */
  DOWNGRADE,
  /** Issued longer than {@code maxAge} ago, or further ahead than the allowed clock skew. */
  STALE;

  /** Details key of the refusal in an audit record. */
  public static final String AUDIT_KEY = "refusal";

  /** Lower-case label, e.g. {@code bad_signature}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
