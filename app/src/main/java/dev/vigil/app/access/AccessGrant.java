package dev.vigil.app.access;

import dev.vigil.schemas.event.Identifiers;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A break-glass grant: Kafka user {@code principal} may {@code operation} topic {@code topic} until
 * {@code expiresAt}, for {@code reason}. Kept on the audit trail (chain {@code access}) as the
 * details of an {@code access.granted} record, which is the only place a grant lives: the revoker
 * rebuilds the live grants from the trail after a restart.
 *
 * @param id unique id ({@code G-} and 12 hex digits)
 * @param principal Kafka user name (the {@code User:} principal), an identifier
 * @param topic a legal Kafka topic name (literal, no prefix or wildcard)
 * @param operation what is allowed
 * @param grantedAt when the ACL was created
 * @param expiresAt when the revoker deletes it
 * @param reason why (free text, at most {@value #MAX_REASON} characters, required)
 */
public record AccessGrant(
    String id,
    String principal,
    String topic,
    AccessOperation operation,
    Instant grantedAt,
    Instant expiresAt,
    String reason) {
  /** Longest reason kept. */
  public static final int MAX_REASON = 500;

  private static final Pattern ID = Pattern.compile("G-[0-9a-f]{12}");
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public AccessGrant {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("grant id must be G- and 12 hex digits");
    }
    Identifiers.require("principal", principal);
    if (topic == null
        || !TOPIC.matcher(topic).matches()
        || topic.equals(".")
        || topic.equals("..")) {
      throw new IllegalArgumentException(
          "topic must be a Kafka topic name (letters, digits, '.', '_', '-'; at most 249)");
    }
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(grantedAt, "grantedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!expiresAt.isAfter(grantedAt)) {
      throw new IllegalArgumentException("a grant must expire after it is granted");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason must be given (it is audited)");
    }
    if (reason.length() > MAX_REASON) {
      throw new IllegalArgumentException("reason must be at most " + MAX_REASON + " characters");
    }
  }

  /** The single ACL this grant creates: ALLOW {@code operation} on the literal topic, any host. */
  public AclBinding binding() {
    return new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
        new AccessControlEntry(
            "User:" + principal, "*", operation.kafka(), AclPermissionType.ALLOW));
  }

  /** Whether it has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** The audit record's details. */
  public Map<String, String> details() {
    Map<String, String> d = new TreeMap<>();
    d.put("grant", id);
    d.put("principal", principal);
    d.put("topic", topic);
    d.put("operation", operation.wire());
    d.put("granted_at", grantedAt.toString());
    d.put("expires_at", expiresAt.toString());
    d.put("reason", reason);
    return d;
  }

  /**
   * The details of an {@code access.revoked} record for this grant.
   *
   * @param cause {@code expired} (the revoker) or {@code operator} ({@code vigil access revoke})
   * @param aclsDeleted how many ACL bindings the revocation deleted (0 or 1)
   */
  public Map<String, String> revocationDetails(String cause, int aclsDeleted) {
    Map<String, String> d = new TreeMap<>();
    d.put("grant", id);
    d.put("principal", principal);
    d.put("topic", topic);
    d.put("operation", operation.wire());
    d.put("cause", cause);
    d.put("acls_deleted", Integer.toString(aclsDeleted));
    return d;
  }

  /** The grant an {@code access.granted} record's details describe. */
  public static AccessGrant fromDetails(Map<? extends CharSequence, ? extends CharSequence> raw) {
    Map<String, String> d = new TreeMap<>();
    raw.forEach((k, v) -> d.put(k.toString(), v == null ? null : v.toString()));
    return new AccessGrant(
        d.get("grant"),
        d.get("principal"),
        d.get("topic"),
        AccessOperation.of(d.get("operation"))
            .orElseThrow(() -> new IllegalArgumentException("operation unknown")),
        Instant.parse(Objects.requireNonNull(d.get("granted_at"), "granted_at")),
        Instant.parse(Objects.requireNonNull(d.get("expires_at"), "expires_at")),
        d.get("reason"));
  }
}
