package dev.vigil.streams.audit;

/** The kind of damage {@link AuditVerifier} found in a chain. */
public enum Tamper {
  /** A record's contents do not match its MAC (or its hash field): edited. */
  EDITED("edited"),
  /** A seq is missing and does not come later: a record was deleted. */
  DELETED("deleted"),
  /** A record repeats a seq, or one without a valid MAC takes another's place: inserted. */
  INSERTED("inserted"),
  /** A seq is missing here but comes later: records were reordered. */
  REORDERED("reordered"),
  /** {@code prev_hash} does not name the record before: a record before it was replaced. */
  BROKEN_LINK("broken-link"),
  /** A witnessed checkpoint names a head the chain no longer reaches (or no longer holds). */
  CUT_OFF_TAIL("cut-off-tail"),
  /** A checkpoint's signature does not verify, or it names another head than the one before it. */
  FORGED_CHECKPOINT("forged-checkpoint"),
  /** A record without a MAC after keyed records: someone without the key wrote it. */
  UNKEYED_AFTER_KEYED("unkeyed-after-keyed"),
  /** The chain does not start at seq 0 and no signed checkpoint follows to start from. */
  NO_START("no-start"),
  /**
   * Records at the chain's beginning are gone (the chain starts after seq 0, or after the head of
   * the witnessed checkpoint) and the caller did not declare a retention gap ({@code
   * --after-retention}).
   */
  HEAD_MISSING("head-missing");

  private final String label;

  Tamper(String label) {
    this.label = label;
  }

  /** The name {@code vigil audit verify} prints. */
  public String label() {
    return label;
  }
}
