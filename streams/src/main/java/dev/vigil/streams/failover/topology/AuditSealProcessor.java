package dev.vigil.streams.failover.topology;

import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.streams.audit.AuditWriting;
import dev.vigil.streams.audit.ChainWriter;
import dev.vigil.streams.audit.StoreChainWriter;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The single writer of the {@code failover} audit chain. It runs in the one task of the
 * single-partition internal topic that every failover task sends its entries to; the chain head is
 * in {@link FailoverTopology#AUDIT_HEAD_STORE}, committed in the same transaction as the sealed
 * records, so a crash neither forks nor repeats the chain. Records are keyed with the audit MAC
 * key; every {@code audit.checkpointInterval} of wall-clock time a signed checkpoint is appended
 * when the chain moved.
 */
final class AuditSealProcessor implements Processor<String, AuditEntry, String, AuditRecord> {
  private final AuditWriting writing;
  private ProcessorContext<String, AuditRecord> context;
  private ChainWriter writer;

  AuditSealProcessor(AuditWriting writing) {
    this.writing = writing;
  }

  @Override
  public void init(ProcessorContext<String, AuditRecord> context) {
    this.context = context;
    KeyValueStore<String, String> heads = context.getStateStore(FailoverTopology.AUDIT_HEAD_STORE);
    this.writer =
        StoreChainWriter.start(
            context,
            heads,
            FailoverTopology.AUDIT_CHAIN,
            "vigil-failover",
            FailoverTopology.AUDIT_CHAIN,
            writing);
  }

  @Override
  public void process(Record<String, AuditEntry> record) {
    if (record.value() == null) {
      return;
    }
    AuditRecord sealed = writer.append(record.value());
    context.forward(record.withKey(FailoverTopology.AUDIT_CHAIN).withValue(sealed));
  }
}
