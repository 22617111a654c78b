package dev.vigil.ingest.spool;

import java.util.Optional;

/**
 * The spool's small persisted state: the highest sequence number Kafka has acknowledged, and the
 * transaction in doubt (if any). Stored in {@link StateFile}.
 *
 * @param ackedSeq every record with {@code seq <= ackedSeq} is committed to Kafka; -1 for none
 * @param intent the batch whose commit was requested but not yet recorded here
 */
record SpoolState(long ackedSeq, Optional<Intent> intent) {
  /**
   * A transaction that was about to be committed: records {@code ackedSeq+1 .. endSeq}, of which
   * the first landed at {@code topic/partition/offset}. Whether that offset is visible to a
   * read-committed consumer decides, after a crash, whether the whole (atomic) batch committed.
   */
  record Intent(long endSeq, long batchBytes, String topic, int partition, long offset) {}

  static SpoolState initial() {
    return new SpoolState(-1, Optional.empty());
  }
}
