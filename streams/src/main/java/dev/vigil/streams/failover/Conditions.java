package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.failover.config.SecurityFailoverMode;
import java.util.List;
import java.util.Map;

/**
 * Alerts about standing conditions, raised while the condition holds and resolved when it clears:
 * UNKNOWN sites, an intrusion on the active site, waivers about to expire, an active site DOWN with
 * no failover running, and a rolled-back standby that is fit again. Also expires waivers.
 */
final class Conditions {
  private final Context ctx;
  private final ServiceState s;
  private final Effects fx;

  Conditions(Context ctx) {
    this.ctx = ctx;
    this.s = ctx.state();
    this.fx = ctx.effects();
  }

  /** Before the machine runs: expire waivers, drop old signals. */
  void before() {
    for (Waiver w : List.copyOf(s.waivers.values())) {
      if (!w.activeAt(ctx.now())) {
        s.waivers.remove(Waiver.key(w.site, w.gate));
        fx.audit(
            Effects.ACTOR,
            AuditAction.WAIVER_EXPIRED,
            Map.of("site", w.site, "gate", w.gate.name(), "command_id", w.commandId),
            null);
        fx.resolve(
            ctx.key("waiver", w.site, w.gate.name()),
            "waiver of " + w.gate + " on " + w.site + " expired");
      }
    }
    s.sites.values().forEach(site -> ctx.gates().prune(site, ctx.now()));
  }

  /** After the machine ran: raise or resolve the condition alerts. */
  void after(ServiceFailover machine) {
    unknownSites();
    intrusionOnActive();
    staleStandby();
    expiringWaivers();
    degraded(machine);
    rollbackCleared();
  }

  private void unknownSites() {
    boolean graceOver = !ctx.now().isBefore(s.createdAt.plus(ctx.service().staleTimeout()));
    s.sites.forEach(
        (id, site) -> {
          String key = ctx.key("unknown", id);
          if (site.health == SiteHealth.UNKNOWN && graceOver) {
            fx.raise(
                key,
                id.equals(s.activeSite) ? AlertSeverity.SEV2 : AlertSeverity.SEV3,
                id,
                "health of "
                    + s.service
                    + " on "
                    + id
                    + " is UNKNOWN: fewer than "
                    + ctx.service().quorum()
                    + " vantage point(s) reported within "
                    + ctx.service().staleTimeout(),
                List.of(),
                Map.of("quorum", Integer.toString(ctx.service().quorum())));
          } else if (fx.isOpen(key)) {
            fx.resolve(key, "probes of " + s.service + " on " + id + " report again");
          }
        });
  }

  private void intrusionOnActive() {
    s.sites.forEach(
        (id, site) -> {
          String key = ctx.key("intrusion", id);
          List<String> recent =
              id.equals(s.activeSite)
                  ? ctx.gates().recentIntrusions(ctx.layers(id), ctx.now())
                  : List.of();
          if (!recent.isEmpty()) {
            boolean failover =
                ctx.config().failover().securityFailover() == SecurityFailoverMode.FAILOVER;
            fx.raise(
                key,
                AlertSeverity.SEV1,
                id,
                recent.size()
                    + " security signal(s) at or above "
                    + ctx.config().gates().intrusion().severity()
                    + " on active site "
                    + id
                    + " of "
                    + s.service
                    + (failover ? "; security failover configured" : "; alert only"),
                recent,
                Map.of("security_failover", ctx.config().failover().securityFailover().name()));
          } else if (fx.isOpen(key)) {
            fx.resolve(key, "no recent intrusion signal on active site of " + s.service);
          }
        });
  }

  /**
   * Evidence the standby's gates need fresh has aged past its {@code maxAge}: a SEV2 alert naming
   * each stale control and its source, raised while nothing fails over, so the collector can be
   * mended before a failover needs it (the gate itself fails closed meanwhile).
   */
  private void staleStandby() {
    String key = ctx.key("stale", s.standbySite);
    StaleEvidence stale = ctx.gates().stale(ctx.layers(s.standbySite), ctx.now());
    if (!stale.isEmpty()) {
      fx.raise(
          key,
          AlertSeverity.SEV2,
          s.standbySite,
          "posture evidence of "
              + s.service
              + " on standby "
              + s.standbySite
              + " is stale; a failover into it would be blocked: "
              + String.join("; ", stale.what()),
          stale.eventIds(),
          Map.of());
    } else if (fx.isOpen(key)) {
      fx.resolve(key, "posture evidence of " + s.service + " on " + s.standbySite + " is fresh");
    }
    String other = ctx.key("stale", s.activeSite);
    if (fx.isOpen(other)) {
      fx.resolve(other, s.activeSite + " is no longer the standby of " + s.service);
    }
  }

  private void expiringWaivers() {
    for (Waiver w : s.waivers.values()) {
      if (!ctx.now().isBefore(w.expiresAt.minus(ctx.config().failover().waiverWarning()))) {
        fx.raise(
            ctx.key("waiver", w.site, w.gate.name()),
            AlertSeverity.SEV3,
            w.site,
            "waiver of "
                + w.gate
                + " on "
                + w.site
                + " for "
                + s.service
                + " expires at "
                + w.expiresAt,
            List.of(),
            Map.of("operator", w.operator, "command_id", w.commandId));
      }
    }
  }

  private void degraded(ServiceFailover machine) {
    String key = ctx.key("degraded");
    if (s.incident != null || ctx.health(s.activeSite) != SiteHealth.DOWN) {
      if (fx.isOpen(key)) {
        fx.resolve(key, "active site of " + s.service + " is no longer DOWN without a failover");
      }
      return;
    }
    String why;
    if (machine.inHoldOff()) {
      why = "automatic failover held off (flap " + s.flapCount + ") until " + s.cooldownUntil;
    } else {
      why = "standby " + s.standbySite + " is " + ctx.health(s.standbySite);
    }
    fx.raise(
        key,
        AlertSeverity.SEV1,
        s.activeSite,
        "active site "
            + s.activeSite
            + " of "
            + s.service
            + " is DOWN and no failover runs: "
            + why,
        s.site(s.activeSite).healthEvidence,
        Map.of());
  }

  private void rollbackCleared() {
    String key = ctx.key("rollback");
    if (s.incident != null || !fx.isOpen(key)) {
      return;
    }
    List<GateResult> gates = ctx.gatesOn(s.standbySite);
    if (ctx.health(s.standbySite) == SiteHealth.UP && PostureGates.allPassed(gates)) {
      fx.resolve(key, "standby " + s.standbySite + " of " + s.service + " is UP and gated again");
    }
  }
}
