package dev.vigil.streams.audit;

import dev.vigil.schemas.avro.AuditRecord;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@link ChainWriter} of a Kafka Streams processor: its heads live in a changelogged store
 * (committed with the output, exactly-once), and a signed checkpoint is forwarded, keyed by the
 * chain name, every {@link AuditWriting#checkpointInterval()} of wall-clock time when the chain
 * moved.
 */
public final class StoreChainWriter {
  private StoreChainWriter() {}

  /**
   * @param context the processor's context; checkpoints are forwarded through it
   * @param heads the store of the heads
   * @param chain the chain name (and the key of its records)
   * @param actor the {@code actor} of its checkpoints
   * @param headKey the store key of the head
   */
  public static ChainWriter start(
      ProcessorContext<String, AuditRecord> context,
      KeyValueStore<String, String> heads,
      String chain,
      String actor,
      String headKey,
      AuditWriting writing) {
    ChainWriter writer =
        new ChainWriter(
            chain,
            actor,
            new ChainWriter.HeadStore() {
              @Override
              public String get(String key) {
                return heads.get(key);
              }

              @Override
              public void put(String key, String value) {
                heads.put(key, value);
              }
            },
            headKey,
            writing.keys());
    context.schedule(
        writing.checkpointInterval(),
        PunctuationType.WALL_CLOCK_TIME,
        now ->
            writer
                .checkpointIfMoved(Instant.ofEpochMilli(now), AuditChain.CheckpointReason.INTERVAL)
                .ifPresent(cp -> context.forward(new Record<>(chain, cp, now))));
    return writer;
  }
}
