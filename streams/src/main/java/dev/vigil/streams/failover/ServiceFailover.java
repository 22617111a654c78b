package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.failover.config.FailbackMode;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.SecurityFailoverMode;
import dev.vigil.streams.failover.config.TrafficStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stage machine of docs/design.md §6 for one service and one decision: PREPARE, SHIFT steps and
 * COMPLETE after their dwell while the target stays UP and gated; ABORT when the source recovers
 * first; ROLLBACK (source UP) or HOLD (source not UP) when the target degrades or a gate fails
 * mid-way; BLOCKED when gates fail before PREPARE. Called after every input and tick by {@link
 * FailoverEngine}; everything it does goes through {@link Effects}.
 */
final class ServiceFailover {
  private final Context ctx;
  private final ServiceState s;
  private final FailoverPolicy policy;
  private final Effects fx;

  ServiceFailover(Context ctx) {
    this.ctx = ctx;
    this.s = ctx.state();
    this.policy = ctx.config().failover();
    this.fx = ctx.effects();
  }

  /** Advances the machine as far as the current evidence allows at {@code now}. */
  void evaluate() {
    int guard = policy.steps().size() + 4;
    while (guard-- > 0 && (s.incident == null ? maybeStart() : progress(s.incident))) {
      // each pass issues at most one stage; a zero dwell lets the next one follow at once
    }
  }

  /** Opens an incident from {@code from = active} to {@code to = standby}. */
  void open(Incident.Cause cause, String crossingEventId, List<String> evidence, boolean forced) {
    s.incidentSeq++;
    Incident inc = new Incident();
    inc.id = Ids.incident(s.service, cause.name(), crossingEventId, s.incidentSeq);
    inc.cause = cause;
    inc.from = s.activeSite;
    inc.to = s.standbySite;
    inc.openedAt = ctx.now();
    inc.status = Incident.Status.PROGRESSING;
    inc.forced = forced;
    inc.evidence = new ArrayList<>(evidence.stream().sorted().distinct().toList());
    s.incident = inc;
    fx.audit(
        Effects.ACTOR,
        AuditAction.INCIDENT_OPEN,
        Map.of(
            "incident_id",
            inc.id,
            "cause",
            cause.name(),
            "from",
            inc.from,
            "to",
            inc.to,
            "forced",
            Boolean.toString(forced),
            "evidence",
            String.join(",", inc.evidence)),
        null);
    List<GateResult> gates = ctx.gatesOn(inc.to);
    if (forced || PostureGates.allPassed(gates)) {
      issue(inc, 0, gates, reasonToStart(inc));
    } else {
      inc.status = Incident.Status.BLOCKED;
      fx.trigger(
          inc,
          TriggerStage.BLOCKED,
          0,
          0,
          gates,
          "gates fail on " + inc.to + ": " + failing(gates));
      transition(inc, Transition.BLOCKED, failing(gates));
      raiseBlocked(inc, gates);
    }
  }

  /** Ends {@code inc} with ABORT or ROLLBACK: all traffic back to the source. */
  void close(Incident inc, TriggerStage stage, String reason) {
    fx.trigger(inc, stage, 0, 0, ctx.gatesOn(inc.to), reason);
    transition(inc, Transition.ending(stage), reason);
    fx.resolve(ctx.key("blocked"), "incident " + inc.id + " ended: " + stage);
    fx.resolve(ctx.key("hold"), "incident " + inc.id + " ended: " + stage);
    s.incident = null;
    endIncident(inc, stage.name());
  }

  private boolean maybeStart() {
    SiteState active = s.site(s.activeSite);
    SiteState standby = s.site(s.standbySite);
    List<Layer> activeLayers = ctx.layers(s.activeSite);
    List<String> intrusions = ctx.gates().recentIntrusions(activeLayers, ctx.now());
    if (!intrusions.isEmpty()
        && policy.securityFailover() == SecurityFailoverMode.FAILOVER
        && standby.health == SiteHealth.UP) {
      String latest = PostureGates.latestIntrusion(activeLayers).eventId;
      if (!latest.equals(s.lastSecuritySignal)) {
        s.lastSecuritySignal = latest;
        open(Incident.Cause.SECURITY, latest, intrusions, false);
        return true;
      }
    }
    if (inHoldOff() || standby.health != SiteHealth.UP) {
      return false;
    }
    if (active.health == SiteHealth.DOWN) {
      String crossing =
          active.healthEventId != null ? active.healthEventId : "stale@" + active.healthSince;
      open(Incident.Cause.HEALTH, crossing, active.healthEvidence, false);
      return true;
    }
    if (policy.failback() == FailbackMode.AUTOMATIC
        && !s.activeSite.equals(s.homeSite)
        && active.health == SiteHealth.UP) {
      String crossing =
          standby.healthEventId != null ? standby.healthEventId : "up@" + standby.healthSince;
      open(Incident.Cause.FAILBACK, crossing, standby.healthEvidence, false);
      return true;
    }
    return false;
  }

  /** What decides the next step of an open incident, evaluated once per pass. */
  private record Fitness(
      List<GateResult> gates, boolean gatesOk, boolean targetUp, boolean sourceUp) {
    boolean fit() {
      return gatesOk && targetUp;
    }
  }

  /** One pass over the open incident: one handler per status; true when a stage was issued. */
  private boolean progress(Incident inc) {
    List<GateResult> gates = ctx.gatesOn(inc.to);
    Fitness f =
        new Fitness(
            gates,
            inc.forced || PostureGates.allPassed(gates),
            inc.forced || ctx.health(inc.to) == SiteHealth.UP,
            ctx.health(inc.from) == SiteHealth.UP);
    return switch (inc.status) {
      case BLOCKED -> whileBlocked(inc, f);
      case HOLD -> whileHeld(inc, f);
      case PROGRESSING, AWAITING_APPROVAL -> whileProgressing(inc, f);
    };
  }

  /** BLOCKED: abort when the source recovers, start when gates and target allow or approved. */
  private boolean whileBlocked(Incident inc, Fitness f) {
    if (inc.abortsOnSourceRecovery() && f.sourceUp()) {
      close(
          inc, TriggerStage.ABORT, "source " + inc.from + " recovered before the failover started");
      return false;
    }
    if (f.fit() || inc.approveNext) {
      String reason =
          inc.approveNext ? "approved by an operator while blocked" : "gates pass on " + inc.to;
      issue(inc, 0, f.gates(), reason);
      return true;
    }
    raiseBlocked(inc, f.gates());
    return false;
  }

  /** HOLD: stay held while unfit (unless approved), resume the dwell once fit again. */
  private boolean whileHeld(Incident inc, Fitness f) {
    if (!f.fit() && !inc.approveNext) {
      return unfit(inc, f);
    }
    if (f.fit()) {
      inc.status = Incident.Status.PROGRESSING;
      inc.stageAt = ctx.now();
      transition(inc, Transition.HOLD_CLEARED, "target healthy and gated again; dwell restarts");
      fx.resolve(ctx.key("hold"), "failover of " + s.service + " resumed");
    }
    return advance(inc, f);
  }

  /** PROGRESSING or AWAITING_APPROVAL: leave when unfit (unless approved), else advance. */
  private boolean whileProgressing(Incident inc, Fitness f) {
    if (!f.fit() && !inc.approveNext) {
      return unfit(inc, f);
    }
    return advance(inc, f);
  }

  /**
   * The target became unfit mid-way: ROLLBACK while the source is UP, otherwise HOLD at the current
   * step (SEV1, re-raised with the current reason on every pass).
   */
  private boolean unfit(Incident inc, Fitness f) {
    String why = unfitReason(inc, f.gates(), f.targetUp());
    if (f.sourceUp()) {
      close(inc, TriggerStage.ROLLBACK, "rolled back to " + inc.from + ": " + why);
      fx.raise(
          ctx.key("rollback"),
          AlertSeverity.SEV2,
          inc.to,
          "failover of " + s.service + " to " + inc.to + " rolled back: " + why,
          unfitEvidence(inc, f.gates()),
          Map.of("incident_id", inc.id));
      return false;
    }
    if (inc.status != Incident.Status.HOLD) {
      inc.status = Incident.Status.HOLD;
      fx.trigger(
          inc, TriggerStage.HOLD, Math.max(inc.position, 0), inc.trafficPercent, f.gates(), why);
      transition(inc, Transition.HOLD, why);
    }
    fx.raise(
        ctx.key("hold"),
        AlertSeverity.SEV1,
        inc.to,
        "failover of "
            + s.service
            + " held at "
            + inc.trafficPercent
            + "% on "
            + inc.to
            + " while "
            + inc.from
            + " is "
            + ctx.health(inc.from)
            + ": "
            + why,
        unfitEvidence(inc, f.gates()),
        Map.of("incident_id", inc.id, "source_health", ctx.health(inc.from).name()));
    return false;
  }

  /**
   * The target is fit (or the step approved): abort if the source recovered first, else issue the
   * next stage once approved or its dwell has passed, or wait for an approval the step needs.
   */
  private boolean advance(Incident inc, Fitness f) {
    if (inc.abortsOnSourceRecovery() && f.sourceUp()) {
      close(inc, TriggerStage.ABORT, "source " + inc.from + " recovered before COMPLETE");
      return false;
    }
    int next = inc.position + 1;
    if (inc.approveNext) {
      issue(inc, next, f.gates(), "approved by an operator");
      return true;
    }
    if (ctx.now().isBefore(inc.stageAt.plus(dwell(inc.position)))) {
      return false;
    }
    if (next <= policy.steps().size() && policy.steps().get(next - 1).approval()) {
      if (inc.status != Incident.Status.AWAITING_APPROVAL) {
        inc.status = Incident.Status.AWAITING_APPROVAL;
        transition(
            inc, Transition.AWAITING_APPROVAL, "step " + next + " needs an operator APPROVE");
      }
      return false;
    }
    issue(
        inc, next, f.gates(), "target " + inc.to + " healthy and gated for " + dwell(inc.position));
    return true;
  }

  private void issue(Incident inc, int position, List<GateResult> gates, String reason) {
    boolean wasBlocked = inc.status == Incident.Status.BLOCKED;
    inc.position = position;
    inc.stageAt = ctx.now();
    inc.status = Incident.Status.PROGRESSING;
    inc.approveNext = false;
    int steps = policy.steps().size();
    if (position == 0) {
      fx.trigger(inc, TriggerStage.PREPARE, 0, 0, gates, reason);
      if (wasBlocked) {
        fx.resolve(ctx.key("blocked"), "failover of " + s.service + " to " + inc.to + " unblocked");
      }
      transition(inc, Transition.PREPARE, reason);
    } else if (position <= steps) {
      TrafficStep step = policy.steps().get(position - 1);
      fx.trigger(inc, TriggerStage.SHIFT, position, step.percent(), gates, reason);
      transition(inc, Transition.SHIFT, position, reason);
    } else {
      fx.trigger(inc, TriggerStage.COMPLETE, 0, 100, gates, reason);
      transition(inc, Transition.COMPLETE, reason);
      complete(inc);
    }
  }

  private void complete(Incident inc) {
    s.activeSite = inc.to;
    s.standbySite = inc.from;
    s.incident = null;
    fx.resolve(ctx.key("hold"), "failover of " + s.service + " completed");
    fx.resolve(ctx.key("rollback"), "failover of " + s.service + " completed");
    endIncident(inc, "COMPLETE");
  }

  private void endIncident(Incident inc, String outcome) {
    Duration resetAfter = policy.backoff().resetAfter();
    boolean recent =
        s.lastIncidentEndedAt != null && !ctx.now().isAfter(s.lastIncidentEndedAt.plus(resetAfter));
    s.flapCount = recent ? s.flapCount + 1 : 1;
    s.lastIncidentEndedAt = ctx.now();
    Duration holdOff = policy.backoff().holdOff(s.flapCount, policy.cooldown());
    s.cooldownUntil = ctx.now().plus(holdOff);
    fx.audit(
        Effects.ACTOR,
        AuditAction.INCIDENT_CLOSE,
        Map.of(
            "incident_id",
            inc.id,
            "outcome",
            outcome,
            "flap_count",
            Integer.toString(s.flapCount),
            "cooldown_until",
            s.cooldownUntil.toString()),
        null);
  }

  boolean inHoldOff() {
    return s.cooldownUntil != null && ctx.now().isBefore(s.cooldownUntil);
  }

  private Duration dwell(int position) {
    return position <= 0 ? policy.prepareDwell() : policy.steps().get(position - 1).dwell();
  }

  private void raiseBlocked(Incident inc, List<GateResult> gates) {
    List<String> evidence = new ArrayList<>();
    Map<String, String> details = new TreeMap<>();
    details.put("incident_id", inc.id);
    for (GateResult g : gates) {
      if (!g.getPassed()) {
        evidence.addAll(g.getEvidenceEventIds());
        details.put("gate." + g.getGate(), g.getReason());
      }
    }
    String why =
        gates.stream().allMatch(GateResult::getPassed)
            ? "target " + inc.to + " is " + ctx.health(inc.to)
            : failing(gates);
    fx.raise(
        ctx.key("blocked"),
        inc.cause == Incident.Cause.FAILBACK ? AlertSeverity.SEV2 : AlertSeverity.SEV1,
        inc.to,
        "failover of " + s.service + " from " + inc.from + " to " + inc.to + " blocked: " + why,
        evidence,
        details);
  }

  private void transition(Incident inc, Transition to, String reason) {
    transition(inc, to, 0, reason);
  }

  private void transition(Incident inc, Transition to, int step, String reason) {
    fx.transition(inc, to, step, reason);
  }

  private String reasonToStart(Incident inc) {
    return switch (inc.cause) {
      case HEALTH -> inc.from + " is DOWN by probe quorum; " + inc.to + " is UP and gated";
      case SECURITY -> "intrusion on " + inc.from + " (securityFailover: FAILOVER)";
      case OPERATOR -> "forced by an operator";
      case FAILBACK -> "failback to " + inc.to;
    };
  }

  private String unfitReason(Incident inc, List<GateResult> gates, boolean targetUp) {
    List<String> why = new ArrayList<>();
    if (!targetUp) {
      why.add("target " + inc.to + " is " + ctx.health(inc.to));
    }
    if (!PostureGates.allPassed(gates) && !inc.forced) {
      why.add("gates fail: " + failing(gates));
    }
    return String.join("; ", why);
  }

  private List<String> unfitEvidence(Incident inc, List<GateResult> gates) {
    List<String> evidence = new ArrayList<>();
    gates.stream()
        .filter(g -> !g.getPassed())
        .forEach(g -> evidence.addAll(g.getEvidenceEventIds()));
    if (ctx.health(inc.to) != SiteHealth.UP) {
      evidence.addAll(s.site(inc.to).healthEvidence);
    }
    return evidence;
  }

  static String failing(List<GateResult> gates) {
    return String.join(
        ", ",
        gates.stream()
            .filter(g -> !g.getPassed())
            .map(g -> g.getGate() + " (" + g.getReason() + ")")
            .toList());
  }
}
