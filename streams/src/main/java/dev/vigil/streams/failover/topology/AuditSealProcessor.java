package dev.vigil.streams.failover.topology;

import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.AuditEntry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The single writer of the {@code failover} audit chain. It runs in the one task of the
 * single-partition internal topic that every failover task sends its entries to; the chain head is
 * in {@link FailoverTopology#AUDIT_HEAD_STORE}, committed in the same transaction as the sealed
 * records, so a crash neither forks nor repeats the chain.
 */
final class AuditSealProcessor implements Processor<String, AuditEntry, String, AuditRecord> {
  private ProcessorContext<String, AuditRecord> context;
  private KeyValueStore<String, String> heads;

  @Override
  public void init(ProcessorContext<String, AuditRecord> context) {
    this.context = context;
    this.heads = context.getStateStore(FailoverTopology.AUDIT_HEAD_STORE);
  }

  @Override
  public void process(Record<String, AuditEntry> record) {
    if (record.value() == null) {
      return;
    }
    String chain = FailoverTopology.AUDIT_CHAIN;
    String stored = heads.get(chain);
    AuditChain.Head head =
        stored == null ? AuditChain.Head.genesis() : AuditChain.Head.decode(stored);
    AuditRecord sealed = AuditChain.seal(chain, head, record.value());
    heads.put(chain, AuditChain.Head.after(sealed).encode());
    context.forward(record.withKey(chain).withValue(sealed));
  }
}
