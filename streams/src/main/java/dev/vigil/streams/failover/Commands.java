package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.event.BoundedText;
import dev.vigil.schemas.event.EventBounds;
import dev.vigil.schemas.event.Identifiers;
import dev.vigil.schemas.json.AvroJson;
import dev.vigil.schemas.signing.SignatureRefusal;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.failover.config.CommandPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Operator commands from {@code vigil.control.v1}. Each command_id is applied once (the last
 * {@value #REMEMBERED} ids are remembered); every command, applied, ignored or rejected, is audited
 * with its outcome before the effects it causes.
 *
 * <ul>
 *   <li>APPROVE: lets the next stage of a BLOCKED, HOLD or approval-waiting incident go once.
 *   <li>FORCE: opens a failover that ignores gates, target health, source recovery and hold-off, or
 *       makes the open incident so; dwell times still apply; ABORT still stops it.
 *   <li>ABORT: ends the open incident with an ABORT trigger (traffic back to the source).
 *   <li>WAIVE: waives {@code gate} on the current failover target until {@code expires_at}, at most
 *       {@code failover.maxWaiver} ahead.
 *   <li>REVOKE_WAIVER: removes the waivers of {@code gate}.
 *   <li>FAILBACK: opens a staged, gated failback to the configured active site.
 * </ul>
 *
 * <p>Before any of that: a command whose {@code issued_at} is older than {@code
 * failover.commands.maxAge} or further ahead than {@code failover.maxClockSkew} is rejected. With
 * the two-person rule ({@code failover.commands.twoPersonRule}) FORCE, and APPROVE while a gate on
 * the target fails, take effect only when a second, different operator sends the same action within
 * the window; the first is audited with verdict {@link CommandVerdict#PENDING}.
 *
 * <p>Before all of it, with {@code failover.commands.requireSignature} (on when keys are listed),
 * {@link CommandSignatures} checks the signature, age and nonce; a refused command is audited as
 * {@link AuditAction#COMMAND_REFUSED} (no payload) and alerted, and changes nothing else. An
 * accepted one is handled as the verified key's owner, whatever {@code operator} says.
 */
final class Commands {
  static final int REMEMBERED = 256;

  private final Context ctx;
  private final ServiceState s;
  private final Effects fx;
  private final ServiceFailover machine;

  /** Text appended to an applied two-person command: who confirmed whom. */
  private String confirmation = "";

  Commands(Context ctx, ServiceFailover machine) {
    this.ctx = ctx;
    this.s = ctx.state();
    this.fx = ctx.effects();
    this.machine = machine;
  }

  /**
   * Detail key of an applied signed command's audit record: the owner of the key whose signature
   * verified (the config's {@code owner} of {@code key_id}), never the typed operator name.
   */
  static final String KEY_OWNER = "key_owner";

  /** The actor recorded for a command whose operator name breaks the identifier rule. */
  static final String INVALID_OPERATOR = "(invalid operator name)";

  void apply(OperatorCommand received) {
    OperatorCommand c = received;
    CommandPolicy policy = ctx.config().failover().commands();
    String keyId = null;
    String keyOwner = null;
    // With keys listed but requireSignature off (a migration), unsigned commands are taken as
    // before; a signed one is still checked, so a signature never counts unless it verifies.
    boolean signed =
        policy.requireSignature() || (!policy.keys().isEmpty() && received.getSignature() != null);
    if (signed) {
      CommandSignatures.Check check =
          CommandSignatures.check(
              received,
              policy.verifier(),
              s,
              ctx.now(),
              policy.maxAge(),
              ctx.config().failover().maxClockSkew());
      if (check instanceof CommandSignatures.Check.Refused r) {
        refuse(received, r);
        return;
      }
      CommandSignatures.Check.Accepted accepted = (CommandSignatures.Check.Accepted) check;
      keyId = accepted.keyId();
      keyOwner = accepted.owner();
      // From here on the operator is the verified key's owner, never the typed name: the audit
      // record, the two-person rule and waivers all name who holds the key.
      c = OperatorCommand.newBuilder(received).setOperator(accepted.owner()).build();
    }
    if (!remember(c.getCommandId())) {
      return;
    }
    int auditAt = fx.audit.size();
    CommandOutcome outcome = outcome(c);
    audit(c, outcome, keyId, keyOwner);
    fx.audit.add(auditAt, fx.audit.remove(fx.audit.size() - 1));
  }

  /** Whether {@code commandId} is new; it is remembered among the last {@value #REMEMBERED}. */
  private boolean remember(String commandId) {
    if (s.recentCommandIds.contains(commandId)) {
      return false;
    }
    s.recentCommandIds.add(commandId);
    while (s.recentCommandIds.size() > REMEMBERED) {
      s.recentCommandIds.remove(0);
    }
    return true;
  }

  /** The audit record of a handled command; {@code keyId} is null for an unsigned one. */
  private void audit(OperatorCommand c, CommandOutcome outcome, String keyId, String keyOwner) {
    Map<String, String> details = new TreeMap<>();
    details.put("command_id", c.getCommandId());
    details.put("command", c.getAction().name());
    details.put("reason", BoundedText.cut(c.getReason(), EventBounds.DEFAULT_TEXT_LIMIT));
    details.put(CommandVerdict.TEXT_KEY, outcome.text());
    details.put(CommandVerdict.AUDIT_KEY, outcome.verdict().name());
    if (c.getGate() != null) {
      details.put("gate", c.getGate().name());
    }
    if (keyId != null) {
      details.put("key_id", keyId);
      details.put(KEY_OWNER, keyOwner);
    }
    // A command refused for its operator name is audited without that name or its payload: the
    // name broke the identifier rule (too long, control or bidi characters) and must not reach the
    // trail, its readers and terminals.
    boolean namedOperator = Identifiers.problem(c.getOperator()).isEmpty();
    fx.audit(
        namedOperator ? c.getOperator() : INVALID_OPERATOR,
        AuditAction.COMMAND,
        details,
        // The payload is the command as applied: its operator is the verified owner (the typed name
        // is not signed and not kept); the signed fields and signature stay as received.
        namedOperator ? AvroJson.toJson(c).toString() : null);
  }

  /** The actor of a refused command whose signature did not verify: no one is known. */
  static final String UNVERIFIED = "(unverified)";

  /**
   * Audits and alerts a command refused by {@link CommandSignatures}, without its payload: it is
   * not known to come from an operator. The actor is the key's owner when the signature verified
   * (stale, replayed), else {@link #UNVERIFIED}.
   */
  private void refuse(OperatorCommand c, CommandSignatures.Check.Refused r) {
    String commandId = BoundedText.cut(c.getCommandId(), EventBounds.DEFAULT_TEXT_LIMIT);
    CommandOutcome outcome = CommandOutcome.rejected(r.reason().label() + ": " + r.detail());
    Map<String, String> details = new TreeMap<>();
    details.put("command_id", commandId);
    details.put("command", c.getAction().name());
    details.put(SignatureRefusal.AUDIT_KEY, r.reason().name());
    details.put(CommandVerdict.TEXT_KEY, outcome.text());
    details.put(CommandVerdict.AUDIT_KEY, outcome.verdict().name());
    if (c.getKeyId() != null && Identifiers.problem(c.getKeyId()).isEmpty()) {
      details.put("key_id", c.getKeyId());
    }
    String actor = r.owner() == null ? UNVERIFIED : r.owner();
    fx.audit(actor, AuditAction.COMMAND_REFUSED, details, null);
    fx.raise(
        ctx.key("command-refused"),
        AlertSeverity.SEV2,
        null,
        "operator command "
            + c.getAction()
            + " for "
            + s.service
            + " refused ("
            + r.reason().label()
            + "): possible forgery or replay on vigil.control.v1",
        List.of(commandId),
        Map.of(SignatureRefusal.AUDIT_KEY, r.reason().name(), "command_id", commandId));
  }

  private CommandOutcome outcome(OperatorCommand c) {
    // The operator name reaches the audit trail, alerts and the status page: one identifier rule.
    Optional<String> badOperator = Identifiers.problem(c.getOperator());
    if (badOperator.isPresent()) {
      return CommandOutcome.rejected("operator " + badOperator.get());
    }
    CommandOutcome refused = untimely(c);
    if (refused != null) {
      return refused;
    }
    Incident inc = s.incident;
    return switch (c.getAction()) {
      case APPROVE -> approve(c, inc);
      case FORCE -> force(c, inc);
      case ABORT -> abort(c, inc);
      case WAIVE -> waive(c, inc);
      case REVOKE_WAIVER -> revokeWaiver(c);
      case FAILBACK -> failback(c, inc);
    };
  }

  private CommandOutcome approve(OperatorCommand c, Incident inc) {
    if (inc == null || inc.status == Incident.Status.PROGRESSING) {
      return CommandOutcome.ignored("nothing awaits approval");
    }
    boolean pastFailingGate = !PostureGates.allPassed(ctx.gatesOn(inc.to));
    if (pastFailingGate && twoPerson().approvePastFailingGate()) {
      CommandOutcome wait = secondOperator(c);
      if (wait != null) {
        return wait;
      }
    }
    inc.approveNext = true;
    return CommandOutcome.applied("next stage of " + inc.id + " approved" + confirmation);
  }

  private CommandOutcome force(OperatorCommand c, Incident inc) {
    if (twoPerson().force()) {
      CommandOutcome wait = secondOperator(c);
      if (wait != null) {
        return wait;
      }
    }
    if (inc != null) {
      inc.forced = true;
      return CommandOutcome.applied(inc.id + " forced" + confirmation);
    }
    machine.open(Incident.Cause.OPERATOR, c.getCommandId(), List.of(c.getCommandId()), true);
    return CommandOutcome.applied("forced failover " + s.incident.id + " opened" + confirmation);
  }

  private CommandOutcome abort(OperatorCommand c, Incident inc) {
    if (inc == null) {
      return CommandOutcome.ignored("no incident open");
    }
    machine.close(inc, TriggerStage.ABORT, "aborted by operator " + c.getOperator());
    return CommandOutcome.applied(inc.id + " aborted");
  }

  private CommandOutcome revokeWaiver(OperatorCommand c) {
    if (c.getGate() == null) {
      return CommandOutcome.rejected("no gate");
    }
    List<Waiver> revoked = s.waivers.values().stream().filter(w -> w.gate == c.getGate()).toList();
    revoked.forEach(
        w -> {
          s.waivers.remove(Waiver.key(w.site, w.gate));
          fx.resolve(
              ctx.key("waiver", w.site, w.gate.name()),
              "waiver of " + w.gate + " on " + w.site + " revoked");
        });
    return revoked.isEmpty()
        ? CommandOutcome.ignored("no waiver of " + c.getGate())
        : CommandOutcome.applied("revoked");
  }

  private CommandOutcome failback(OperatorCommand c, Incident inc) {
    if (inc != null) {
      return CommandOutcome.ignored("incident " + inc.id + " in progress");
    }
    if (s.activeSite.equals(s.homeSite)) {
      return CommandOutcome.ignored("already on " + s.homeSite);
    }
    machine.open(Incident.Cause.FAILBACK, c.getCommandId(), List.of(c.getCommandId()), false);
    return CommandOutcome.applied("failback " + s.incident.id + " opened");
  }

  /**
   * A command issued more than {@code failover.commands.maxAge} ago (held back, or replayed from an
   * old capture) or more than {@code failover.maxClockSkew} in the future is refused: the refusal
   * is audited like any outcome.
   */
  private CommandOutcome untimely(OperatorCommand c) {
    Instant issued = c.getIssuedAt();
    Duration maxAge = ctx.config().failover().commands().maxAge();
    Duration skew = ctx.config().failover().maxClockSkew();
    if (issued.isBefore(ctx.now().minus(maxAge))) {
      return CommandOutcome.rejected(
          "issued_at is older than failover.commands.maxAge (" + maxAge + ")");
    }
    if (issued.isAfter(ctx.now().plus(skew))) {
      return CommandOutcome.rejected(
          "issued_at is more than failover.maxClockSkew (" + skew + ") in the future");
    }
    return null;
  }

  private CommandPolicy.TwoPersonRule twoPerson() {
    return ctx.config().failover().commands().twoPersonRule();
  }

  /**
   * The two-person rule: null when an earlier command of the same action by a different operator is
   * pending within the window (it is consumed, and {@link #confirmation} names it); otherwise this
   * command becomes (or refreshes) the pending one and the outcome says so.
   */
  private CommandOutcome secondOperator(OperatorCommand c) {
    Duration window = twoPerson().window();
    s.pending.removeIf(p -> !ctx.now().isBefore(p.at.plus(window)));
    for (PendingCommand p : s.pending) {
      if (p.action == c.getAction() && !p.operator.equals(c.getOperator())) {
        s.pending.remove(p);
        confirmation = "; two-person rule: confirms " + p.commandId + " by " + p.operator;
        return null;
      }
    }
    s.pending.removeIf(p -> p.action == c.getAction() && p.operator.equals(c.getOperator()));
    PendingCommand p = new PendingCommand();
    p.action = c.getAction();
    p.operator = c.getOperator();
    p.commandId = c.getCommandId();
    p.at = ctx.now();
    s.pending.add(p);
    return CommandOutcome.pending(
        c.getAction()
            + " needs a second, different operator within "
            + window
            + " (two-person rule)");
  }

  private CommandOutcome waive(OperatorCommand c, Incident inc) {
    Instant expires = c.getExpiresAt();
    if (c.getGate() == null) {
      return CommandOutcome.rejected("no gate");
    }
    if (expires == null || !expires.isAfter(ctx.now())) {
      return CommandOutcome.rejected("a waiver needs an expires_at in the future");
    }
    Duration length = Duration.between(ctx.now(), expires);
    if (length.compareTo(ctx.config().failover().maxWaiver()) > 0) {
      return CommandOutcome.rejected(
          "longer than failover.maxWaiver (" + ctx.config().failover().maxWaiver() + ")");
    }
    Waiver w = new Waiver();
    w.site = inc != null ? inc.to : s.standbySite;
    w.gate = c.getGate();
    w.expiresAt = expires;
    w.operator = c.getOperator();
    w.reason = c.getReason();
    w.commandId = c.getCommandId();
    s.waivers.put(Waiver.key(w.site, w.gate), w);
    return CommandOutcome.applied(w.gate + " waived on " + w.site + " until " + expires);
  }
}
