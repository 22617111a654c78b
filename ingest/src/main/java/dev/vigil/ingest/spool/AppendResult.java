package dev.vigil.ingest.spool;

/**
 * What {@link DurableProducer#send} accepted. Every event of the batch is accepted: {@code
 * appended} new ones are now durable in the spool, {@code duplicates} had an {@code event_id} that
 * is already in the spool's duplicate window (their first copy is durable too).
 *
 * @param lastSeq spool sequence number of the last appended event (-1 if none), for {@link
 *     DurableProducer#awaitDelivered}
 */
public record AppendResult(int appended, int duplicates, long lastSeq) {
  public int accepted() {
    return appended + duplicates;
  }
}
