package dev.vigil.streams.audit;

import java.util.Optional;

/**
 * What an audit record says happened. The record carries the {@linkplain #wire() wire name} (e.g.
 * {@code incident.open}) so that readers without this enum — a SIEM, {@code jq} — see plain text;
 * Vigil's own readers turn it back with {@link #of(CharSequence)} and never compare strings.
 */
public enum AuditAction {
  /** The correlator issued a failover trigger (stage and step in the details). */
  TRIGGER("trigger"),
  /** An incident moved to another stage or status ({@link Transition} in the details). */
  TRANSITION("transition"),
  /** An operator command and what the correlator did with it ({@code verdict} in the details). */
  COMMAND("command"),
  /**
   * An operator command refused before it was considered: unsigned, unknown key, bad signature,
   * replayed or stale ({@code refusal} in the details); also alerted.
   */
  COMMAND_REFUSED("command.refused"),
  /** An incident was opened. */
  INCIDENT_OPEN("incident.open"),
  /** An incident ended (completed, aborted, rolled back). */
  INCIDENT_CLOSE("incident.close"),
  /** A gate waiver ran out. */
  WAIVER_EXPIRED("waiver.expired"),
  /** A site's health changed by probe quorum. */
  SITE_HEALTH("site.health"),
  /** A redaction rule set was published and loaded. */
  RULES_PUBLISHED("rules.published"),
  /** A published rule set failed to load and was not used. */
  RULES_REJECTED("rules.rejected"),
  /** A rule set was deleted (tombstone). */
  RULES_DELETED("rules.deleted"),
  /** A redaction keyset was created. */
  KEYS_CREATED("keys.created"),
  /** A redaction keyset got a new primary key. */
  KEYS_ROTATED("keys.rotated"),
  /** Someone listed the keysets. */
  KEYS_LISTED("keys.listed"),
  /** Pseudonyms were re-identified with a keyset. */
  KEYS_REIDENTIFIED("keys.reidentified"),
  /** A break-glass access grant was created (principal, topic, operation, expiry, reason). */
  ACCESS_GRANTED("access.granted"),
  /** A break-glass access grant was revoked, at its expiry or by an operator. */
  ACCESS_REVOKED("access.revoked"),
  /**
   * A signed checkpoint of the chain head (the record before it): {@code head_seq}, {@code
   * head_hash}, {@code reason} and the Ed25519 {@code signature} in the details ({@link
   * AuditChain#checkpoint}).
   */
  CHECKPOINT("checkpoint");

  private final String wire;

  AuditAction(String wire) {
    this.wire = wire;
  }

  /** The name written into {@code AuditRecord.action}. */
  public String wire() {
    return wire;
  }

  /** Whether this is one of the redaction rule-set actions. */
  public boolean isRuleSet() {
    return this == RULES_PUBLISHED || this == RULES_REJECTED || this == RULES_DELETED;
  }

  /** The action named by an audit record, or empty for a name this version does not know. */
  public static Optional<AuditAction> of(CharSequence wire) {
    if (wire == null) {
      return Optional.empty();
    }
    String name = wire.toString();
    for (AuditAction a : values()) {
      if (a.wire.equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Whether an audit record's action is this one. */
  public boolean is(CharSequence wire) {
    return wire != null && this.wire.contentEquals(wire);
  }
}
