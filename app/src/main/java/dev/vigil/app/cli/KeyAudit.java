package dev.vigil.app.cli;

import dev.vigil.app.runtime.AuditTrail;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.AuditEntry;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Appends {@code vigil keys} actions to the {@code keys} chain of {@code vigil.audit.v1} ({@link
 * AuditTrail}): the head is read first — so an unreachable audit trail stops the command before any
 * key changes — and the sealed record is appended after the action (acks=all). The chain has one
 * writer at a time (whoever runs {@code vigil keys}); two operators rotating at the same moment
 * would fork it, which {@code vigil audit verify} reports.
 */
final class KeyAudit implements AutoCloseable {
  static final String CHAIN = "keys";

  private final SchemaRegistryClient registry;
  private final AuditTrail trail;
  private final AuditChain.Head head;

  private KeyAudit(SchemaRegistryClient registry, AuditTrail trail, AuditChain.Head head) {
    this.registry = registry;
    this.trail = trail;
    this.head = head;
  }

  /** Reads the chain head; throws when the audit trail cannot be read. */
  static KeyAudit open(ClientOptions client) {
    SchemaRegistryClient registry = client.registryClient();
    try {
      AuditTrail trail =
          new AuditTrail(
              client.connection(PlatformCredentials.ADMIN),
              registry,
              "vigil-keys",
              client.auditKeys());
      return new KeyAudit(registry, trail, AuditTrail.head(CHAIN, trail.read(Set.of(CHAIN))));
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /** Seals and sends one record; returns it once the broker acknowledged it. */
  AuditRecord append(String actor, AuditAction action, String subject, Map<String, String> details)
      throws Exception {
    return trail
        .append(CHAIN, head, AuditEntry.of(Instant.now(), actor, action, subject, details, null))
        .record();
  }

  @Override
  public void close() {
    registry.close();
  }
}
