package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * The failover decision core (DESIGN §6) as a deterministic function of (state, input, now): the
 * same state, input and wall-clock {@code now} always give the same {@link Decision}, ids included.
 * No Kafka, no clock, no I/O; the topology owns those.
 *
 * <p>Feed it, per service key: every redacted HealthCheckResult, SecuritySignal and PostureFinding
 * and every OperatorCommand through {@link #onEvent}, and a wall-clock punctuation through {@link
 * #onTick} for every stored service (dwell times, staleness, waiver expiry and hold-off run on it).
 * Store {@link Decision#state()} with {@link ServiceStateCodec}; emit the rest.
 */
public final class FailoverEngine {
  private final FailoverConfig config;
  private final String configVersion;

  public FailoverEngine(FailoverConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.configVersion = config.configVersion();
  }

  public FailoverConfig config() {
    return config;
  }

  /** True when {@code service} is under failover control; other services' events are ignored. */
  public boolean handles(String service) {
    return config.service(service) != null;
  }

  /** The service an input belongs to: its state key. */
  public static String serviceOf(SpecificRecord input) {
    if (input instanceof HealthCheckResult h) {
      return h.getService();
    } else if (input instanceof SecuritySignal s) {
      return s.getService();
    } else if (input instanceof PostureFinding p) {
      return p.getService();
    } else if (input instanceof OperatorCommand c) {
      return c.getService();
    }
    throw new IllegalArgumentException("not a failover input: " + input.getClass().getName());
  }

  /** A fresh state: the configured active site carries traffic, both sites UNKNOWN. */
  public ServiceState initialState(String service, Instant now) {
    ServiceConfig sc = serviceConfig(service);
    ServiceState s = new ServiceState();
    s.service = service;
    s.homeSite = sc.active();
    s.activeSite = sc.active();
    s.standbySite = sc.standby();
    s.createdAt = now;
    s.sites.put(sc.active(), new SiteState());
    s.sites.put(sc.standby(), new SiteState());
    s.configVersion = configVersion;
    return s;
  }

  /**
   * Applies one input (HealthCheckResult, SecuritySignal, PostureFinding or OperatorCommand) for
   * its service, then advances the machine.
   *
   * @param state the stored state, or null for a service seen for the first time
   * @param now the wall-clock time of processing
   * @throws IllegalArgumentException when the input's service is not configured ({@link #handles})
   *     or the input is of another type
   */
  public Decision onEvent(ServiceState state, SpecificRecord input, Instant now) {
    return onEvent(state, input, now, true);
  }

  /**
   * {@link #onEvent(ServiceState, SpecificRecord, Instant)} for a caller that hands over a state it
   * just decoded and never uses again (the topology): {@code copy=false} skips the defensive deep
   * copy, which was a quarter of the correlator's CPU per event.
   */
  Decision onEvent(ServiceState state, SpecificRecord input, Instant now, boolean copy) {
    String service = serviceOf(input);
    Context ctx = context(service, state, now, copy);
    ServiceFailover machine = new ServiceFailover(ctx);
    if (input instanceof OperatorCommand c) {
      new Conditions(ctx).before();
      new Commands(ctx, machine).apply(c);
      return finish(ctx, machine, false);
    }
    SiteState site = ctx.state().site(siteOf(input));
    if (site != null) {
      if (input instanceof HealthCheckResult h) {
        SiteHealthTracker.Change c = ctx.tracker().onProbe(site, h, now);
        auditHealth(ctx, h.getSite(), c);
      } else if (input instanceof SecuritySignal sig) {
        ctx.gates().record(site, sig);
      } else if (input instanceof PostureFinding f) {
        ctx.gates().record(site, f);
      }
    }
    return finish(ctx, machine, true);
  }

  /** Advances the machine on wall-clock time alone (punctuation). */
  public Decision onTick(ServiceState state, Instant now) {
    return onTick(state, now, true);
  }

  /** {@link #onTick(ServiceState, Instant)}; {@code copy=false} as for {@code onEvent}. */
  Decision onTick(ServiceState state, Instant now, boolean copy) {
    Objects.requireNonNull(state, "state");
    Context ctx = context(state.service, state, now, copy);
    ctx.state().sites.forEach((id, site) -> auditHealth(ctx, id, ctx.tracker().onTick(site, now)));
    return finish(ctx, new ServiceFailover(ctx), true);
  }

  private Decision finish(Context ctx, ServiceFailover machine, boolean runBefore) {
    Conditions conditions = new Conditions(ctx);
    if (runBefore) {
      conditions.before();
    }
    machine.evaluate();
    conditions.after(machine);
    ServiceState s = ctx.state();
    s.configVersion = configVersion;
    Optional<FailoverState> snapshot = snapshot(ctx);
    Effects fx = ctx.effects();
    return new Decision(s, fx.triggers, fx.alerts, fx.audit, snapshot);
  }

  private Context context(String service, ServiceState stored, Instant now, boolean copy) {
    Objects.requireNonNull(now, "now");
    ServiceConfig sc = serviceConfig(service);
    ServiceState s;
    if (stored == null || !stored.sites.keySet().equals(Set.of(sc.active(), sc.standby()))) {
      // First sight, or the service's site pair changed in config: start over.
      s = initialState(service, now);
    } else {
      s = copy ? ServiceStateCodec.copy(stored) : stored;
    }
    Effects fx = new Effects(s, now, config.failover().triggerValidity(), configVersion);
    return new Context(
        config, sc, s, now, fx, new PostureGates(config.gates()), new SiteHealthTracker(sc));
  }

  private ServiceConfig serviceConfig(String service) {
    ServiceConfig sc = config.service(service);
    if (sc == null) {
      throw new IllegalArgumentException("service '" + service + "' is not in services");
    }
    return sc;
  }

  private static void auditHealth(Context ctx, String site, SiteHealthTracker.Change c) {
    if (c == null) {
      return;
    }
    Map<String, String> details = new TreeMap<>();
    details.put("site", site);
    details.put("from", c.from().name());
    details.put("to", c.to().name());
    details.put("evidence", String.join(",", c.evidence()));
    if (c.eventId() != null) {
      details.put("event_id", c.eventId());
    }
    ctx.effects().audit(Effects.ACTOR, "site.health", details, null);
  }

  private static String siteOf(SpecificRecord input) {
    if (input instanceof HealthCheckResult h) {
      return h.getSite();
    } else if (input instanceof SecuritySignal s) {
      return s.getSite();
    }
    return ((PostureFinding) input).getSite();
  }

  private Optional<FailoverState> snapshot(Context ctx) {
    ServiceState s = ctx.state();
    Incident inc = s.incident;
    Map<String, SiteHealth> health = new TreeMap<>();
    s.sites.forEach((id, site) -> health.put(id, site.health));
    FailoverState.Builder b =
        FailoverState.newBuilder()
            .setService(s.service)
            .setActiveSite(s.activeSite)
            .setStandbySite(s.standbySite)
            .setPhase(s.phase())
            .setStage(inc == null ? null : inc.lastStage)
            .setStep(inc == null ? 0 : Math.max(inc.position, 0))
            .setTrafficPercent(inc == null ? 0 : inc.trafficPercent)
            .setIncidentId(inc == null ? null : inc.id)
            .setSiteHealth(health)
            .setGates(ctx.gatesOn(s.standbySite))
            .setFlapCount(s.flapCount)
            .setCooldownUntil(
                s.cooldownUntil != null && ctx.now().isBefore(s.cooldownUntil)
                    ? s.cooldownUntil
                    : null)
            .setUpdatedAt(Instant.EPOCH)
            .setConfigVersion(configVersion);
    FailoverState state = b.build();
    if (state.equals(s.lastSnapshot)) {
      return Optional.empty(); // same content as last compared: same fingerprint
    }
    String fingerprint = SnapshotFingerprint.of(state);
    s.lastSnapshot = state;
    if (fingerprint.equals(s.lastSnapshotFingerprint)) {
      return Optional.empty();
    }
    s.lastSnapshotFingerprint = fingerprint;
    return Optional.of(FailoverState.newBuilder(state).setUpdatedAt(ctx.now()).build());
  }
}
