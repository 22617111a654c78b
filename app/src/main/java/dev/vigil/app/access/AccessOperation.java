package dev.vigil.app.access;

import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.acl.AclOperation;

/** What a break-glass grant allows on its topic. */
public enum AccessOperation {
  READ(AclOperation.READ),
  WRITE(AclOperation.WRITE),
  DESCRIBE(AclOperation.DESCRIBE);

  private final AclOperation kafka;

  AccessOperation(AclOperation kafka) {
    this.kafka = kafka;
  }

  /** The Kafka ACL operation. */
  public AclOperation kafka() {
    return kafka;
  }

  /** Lower-case, as typed on the command line and kept in the audit record. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The operation spelled {@code read|write|describe} (any case), or empty. */
  public static Optional<AccessOperation> of(String text) {
    for (AccessOperation op : values()) {
      if (op.wire().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
