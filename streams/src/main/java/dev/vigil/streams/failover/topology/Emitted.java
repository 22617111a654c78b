package dev.vigil.streams.failover.topology;

import dev.vigil.streams.audit.AuditEntry;
import org.apache.avro.specific.SpecificRecord;

/**
 * One output of {@link FailoverProcessor}, routed by {@link #kind} to its topic by the topology.
 *
 * @param kind where it goes
 * @param record the Avro record (trigger, alert, snapshot), null for audit entries
 * @param entry the audit entry to seal, null otherwise
 */
record Emitted(Kind kind, SpecificRecord record, AuditEntry entry) {
  enum Kind {
    TRIGGER,
    ALERT,
    SNAPSHOT,
    AUDIT
  }

  static Emitted of(Kind kind, SpecificRecord record) {
    return new Emitted(kind, record, null);
  }

  static Emitted audit(AuditEntry entry) {
    return new Emitted(Kind.AUDIT, null, entry);
  }
}
