package dev.vigil.streams.ocsf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.streams.audit.AuditAction;
import java.util.Map;
import java.util.Optional;

/**
 * Audit entries of operator commands and rule-set changes as OCSF Entity Management (3004): the
 * operator or publisher is {@code actor.user.name}, the entity is the service's failover (commands)
 * or the rule set as a policy (rule changes). Other audit entries (transitions, triggers: the
 * triggers are exported as incidents) are skipped.
 *
 * <p>Free text an operator typed (the command's {@code reason}) and the audited payload are not
 * exported: they are not redacted. The audit trail keeps them.
 */
final class AuditMapping {
  private AuditMapping() {}

  /** Activity of an operator command on the service's failover. */
  record CommandActivity(int id, String caption, int severityId) {}

  static CommandActivity activity(OperatorAction action) {
    return switch (action) {
      case APPROVE -> new CommandActivity(Envelope.OTHER, "Approve", 1);
      case FORCE -> new CommandActivity(10, "Activate", 3);
      case ABORT -> new CommandActivity(11, "Deactivate", 1);
      case WAIVE -> new CommandActivity(12, "Suspend", 3);
      case REVOKE_WAIVER -> new CommandActivity(13, "Resume", 1);
      case FAILBACK -> new CommandActivity(Envelope.OTHER, "Failback", 1);
    };
  }

  static Exported map(String key, AuditRecord a, Provenance provenance, String productVersion) {
    Optional<AuditAction> action = AuditAction.of(a.getAction());
    if (action.isPresent()
        && (action.get() == AuditAction.COMMAND || action.get() == AuditAction.COMMAND_REFUSED)) {
      return command(key, a, provenance, productVersion);
    }
    if (action.isPresent() && action.get().isRuleSet()) {
      return rules(key, a, action.get(), provenance, productVersion);
    }
    return new Exported.Skipped("audit action without an OCSF event");
  }

  private static Exported command(
      String key, AuditRecord a, Provenance provenance, String productVersion) {
    Map<String, String> d = a.getDetails();
    Optional<OperatorAction> action = action(d.get("command"));
    if (action.isEmpty()) {
      return new Exported.Rejected(
          "map", "UnknownCommand", "audit command entry without a known command");
    }
    CommandActivity activity = activity(action.get());
    String outcome = d.getOrDefault("outcome", "");
    Envelope env =
        base(a, activity.id(), activity.caption(), d.get("command_id"), provenance, productVersion);
    env.severity(activity.severityId(), Envelope.severityCaption(activity.severityId()));
    outcomeStatus(env, d, outcome);
    ObjectNode entity = env.event().putObject("entity");
    entity
        .put("type_id", Envelope.OTHER)
        .put("type", "Failover")
        .put("name", a.getSubject())
        .put("uid", a.getSubject());
    ObjectNode data = entity.putObject("data").put("command", action.get().name());
    if (d.containsKey("gate")) {
      data.put("gate", d.get("gate"));
    }
    env.unmapped("command_id", d.get("command_id"))
        .unmapped("command", action.get().name())
        .unmapped("gate", d.get("gate"));
    return new Exported.Event(OcsfClass.ENTITY_MANAGEMENT, key, env.json());
  }

  private static Exported rules(
      String key, AuditRecord a, AuditAction action, Provenance provenance, String productVersion) {
    Map<String, String> d = a.getDetails();
    boolean deleted = action == AuditAction.RULES_DELETED;
    boolean rejected = action == AuditAction.RULES_REJECTED;
    Envelope env =
        base(
            a,
            deleted ? 4 : 3,
            deleted ? "Delete" : "Update",
            a.getSubject(),
            provenance,
            productVersion);
    env.severity(rejected ? 2 : 1, rejected ? "Low" : "Informational");
    if (rejected) {
      env.status(2, "Failure");
      env.event().put("status_detail", "rule set rejected: " + d.getOrDefault("error", "invalid"));
    } else {
      env.status(1, "Success");
    }
    String name = d.getOrDefault("ruleset", a.getSubject());
    ObjectNode entity = env.event().putObject("entity");
    entity.put("type_id", 5).put("type", "Policy").put("name", name).put("uid", a.getSubject());
    ObjectNode policy = entity.putObject("policy").put("name", name).put("uid", a.getSubject());
    if (d.containsKey("version")) {
      entity.put("version", d.get("version"));
      policy.put("version", d.get("version"));
    }
    env.unmapped("sha256", d.get("sha256")).unmapped("action", a.getAction());
    return new Exported.Event(OcsfClass.ENTITY_MANAGEMENT, key, env.json());
  }

  private static Envelope base(
      AuditRecord a,
      int activityId,
      String activity,
      String correlation,
      Provenance provenance,
      String productVersion) {
    Envelope env =
        Envelope.of(OcsfClass.ENTITY_MANAGEMENT, activityId, activity, productVersion)
            .time(a.getOccurredAt())
            .metadata(a.getRecordId(), correlation, provenance);
    env.event().putObject("actor").putObject("user").put("name", a.getActor());
    env.event()
        .putArray("observables")
        .addObject()
        .put("name", "actor.user.name")
        .put("type_id", 4)
        .put("type", "User Name")
        .put("value", a.getActor());
    env.unmapped("chain", a.getChain()).unmapped("audit_hash", a.getHash());
    env.unmapped().put("audit_seq", a.getSeq());
    return env;
  }

  /**
   * {@code applied: ...} succeeded, {@code ignored|rejected: ...} failed, {@code pending: ...}
   * waits.
   */
  private static void outcomeStatus(
      Envelope env, java.util.Map<String, String> details, String outcome) {
    var verdict = dev.vigil.streams.failover.CommandVerdict.of(details);
    if (verdict.equals(Optional.of(dev.vigil.streams.failover.CommandVerdict.APPLIED))) {
      env.status(1, "Success");
    } else if (verdict.equals(Optional.of(dev.vigil.streams.failover.CommandVerdict.PENDING))) {
      env.status(Envelope.OTHER, "Pending");
    } else {
      env.status(2, "Failure");
    }
    if (!outcome.isEmpty()) {
      env.event().put("status_detail", outcome);
    }
  }

  private static Optional<OperatorAction> action(String name) {
    for (OperatorAction a : OperatorAction.values()) {
      if (a.name().equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
