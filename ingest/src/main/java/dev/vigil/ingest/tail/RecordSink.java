package dev.vigil.ingest.tail;

import java.util.List;

/**
 * Receives records from a tailer. Returning normally confirms the batch (it is durably in the spool
 * or on Kafka) and lets the tailer advance its checkpoint past it; throwing leaves the checkpoint
 * where it was and the tailer re-reads the batch on the next poll (at-least-once).
 */
@FunctionalInterface
public interface RecordSink {
  void deliver(List<Record> batch) throws Exception;
}
