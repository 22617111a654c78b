package dev.vigil.ingest.spool;

import java.util.List;
import org.apache.kafka.common.header.Header;

/**
 * One record as the spool stores it: already serialised, so replay needs no registry.
 *
 * @param seq position in the spool (contiguous, from 0); -1 before it is appended
 * @param eventId the idempotency key, or null when the record has none
 * @param frameBytes bytes the record takes on disk; 0 before it is appended
 */
record SpoolEntry(
    long seq,
    String topic,
    byte[] key,
    byte[] value,
    List<Header> headers,
    String eventId,
    int frameBytes) {

  static SpoolEntry pending(
      String topic, byte[] key, byte[] value, List<Header> headers, String eventId) {
    return new SpoolEntry(-1, topic, key, value, List.copyOf(headers), eventId, 0);
  }

  SpoolEntry at(long seq, int frameBytes) {
    return new SpoolEntry(seq, topic, key, value, headers, eventId, frameBytes);
  }
}
