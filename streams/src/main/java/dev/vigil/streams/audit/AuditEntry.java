package dev.vigil.streams.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Something to append to the audit chain, before it has a place in it ({@link AuditChain#seal}).
 *
 * @param occurredAt when it happened (the decision's wall-clock time)
 * @param actor who acted: {@code vigil-failover} or the operator of a command
 * @param action what happened
 * @param subject what it happened to, e.g. the service
 * @param details structured context, sorted by key
 * @param payloadJson the audited record in its JSON form, or null
 */
public record AuditEntry(
    Instant occurredAt,
    String actor,
    AuditAction action,
    String subject,
    SortedMap<String, String> details,
    String payloadJson) {

  public AuditEntry {
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(subject, "subject");
    details = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(details));
  }

  public static AuditEntry of(
      Instant occurredAt,
      String actor,
      AuditAction action,
      String subject,
      Map<String, String> details,
      String payloadJson) {
    return new AuditEntry(occurredAt, actor, action, subject, new TreeMap<>(details), payloadJson);
  }
}
