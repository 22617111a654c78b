package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * The failover decision core (docs/design.md §6) as a deterministic function of (state, input,
 * now): the same state, input and wall-clock {@code now} always give the same {@link Decision}, ids
 * included. No Kafka, no clock, no I/O; the topology owns those.
 *
 * <p>Feed it, per service key: every redacted HealthCheckResult, SecuritySignal and PostureFinding
 * and every OperatorCommand through {@link #onEvent}, and a wall-clock punctuation through {@link
 * #onTick} for every stored service (dwell times, staleness, waiver expiry and hold-off run on it).
 * Store {@link Decision#state()} with {@link ServiceStateCodec}; emit the rest.
 */
public final class FailoverEngine {
  private final FailoverConfig config;
  private final String configVersion;
  private final Deadlines deadlines;

  public FailoverEngine(FailoverConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.configVersion = config.configVersion();
    this.deadlines = new Deadlines(config);
  }

  /** {@link #nextDeadlineMs}'s answer when time alone will not change a state. */
  public static final long NO_DEADLINE = Deadlines.NONE;

  /**
   * The earliest wall-clock millisecond after {@code nowMs} at which {@link #onTick} could decide
   * {@code state} differently than at {@code nowMs}, or {@link #NO_DEADLINE}: a tick before then
   * changes nothing and emits nothing (see {@link Deadlines}). Site- and segment-wide evidence has
   * deadlines of its own ({@link #nextDeadlineMs(SiteState, long)}).
   */
  public long nextDeadlineMs(ServiceState state, long nowMs) {
    return deadlines.next(state, nowMs);
  }

  /** {@link #nextDeadlineMs(ServiceState, long)} for a scope's evidence. */
  public long nextDeadlineMs(SiteState scope, long nowMs) {
    return deadlines.next(scope, nowMs);
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
    return onEvent(state, input, now, true, ScopeEvidence.NONE);
  }

  /** {@link #onEvent(ServiceState, SpecificRecord, Instant)} with site/segment evidence. */
  Decision onEvent(ServiceState state, SpecificRecord input, Instant now, ScopeEvidence scopes) {
    return onEvent(state, input, now, true, scopes);
  }

  /**
   * {@link #onEvent(ServiceState, SpecificRecord, Instant)} for a caller that hands over a state it
   * just decoded and never uses again (the topology): {@code copy=false} skips the defensive deep
   * copy, which was a quarter of the correlator's CPU per event.
   */
  public Decision onEvent(
      ServiceState state, SpecificRecord input, Instant now, boolean copy, ScopeEvidence scopes) {
    String service = serviceOf(input);
    Context ctx = context(service, state, now, copy, scopes);
    ServiceFailover machine = new ServiceFailover(ctx);
    if (input instanceof OperatorCommand c) {
      new Conditions(ctx).before();
      new Commands(ctx, machine).apply(c);
      return finish(ctx, machine, false);
    }
    SiteState site = ctx.state().site(siteOf(input));
    if (site != null && timeliness(input, now) == Timeliness.OK) {
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
    return onTick(state, now, true, ScopeEvidence.NONE);
  }

  /** {@link #onTick(ServiceState, Instant)}; {@code copy=false} as for {@code onEvent}. */
  public Decision onTick(ServiceState state, Instant now, boolean copy, ScopeEvidence scopes) {
    Objects.requireNonNull(state, "state");
    Context ctx = context(state.service, state, now, copy, scopes);
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
    return new Decision(s, fx.triggers, fx.alerts, fx.audit, fx.transitions, snapshot);
  }

  private Context context(
      String service, ServiceState stored, Instant now, boolean copy, ScopeEvidence scopes) {
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
        config,
        sc,
        s,
        now,
        fx,
        new PostureGates(config.gates()),
        new SiteHealthTracker(sc),
        scopes);
  }

  /** Whether an input's time lets it change state (see {@link #timeliness}). */
  public enum Timeliness {
    /** Applied. */
    OK,
    /** {@code observed_at} more than {@code failover.maxClockSkew} ahead of the clock: refused. */
    FUTURE,
    /** A probe result older than its service's {@code staleTimeout}: it cannot vote any more. */
    TOO_OLD
  }

  /**
   * Clock discipline for one input at wall-clock {@code now}. A future-dated event would pin a gate
   * (a heartbeat that never ages, a drift OK that masks later violations, a probe result that
   * silences its vantage point), so it is never applied; the topology quarantines it before it gets
   * here. A probe result older than {@code staleTimeout} is ignored: its vantage point would not
   * count as reporting anyway. Older posture evidence is applied but counts as stale (each gate's
   * {@code maxAge}); older signals fall outside the intrusion window. Commands: see {@link
   * Commands}.
   */
  public Timeliness timeliness(SpecificRecord input, Instant now) {
    Instant observed = observedAt(input);
    if (observed == null) {
      return Timeliness.OK;
    }
    if (observed.isAfter(now.plus(config.failover().maxClockSkew()))) {
      return Timeliness.FUTURE;
    }
    if (input instanceof HealthCheckResult h) {
      ServiceConfig sc = config.service(h.getService());
      if (sc != null && observed.isBefore(now.minus(sc.staleTimeout()))) {
        return Timeliness.TOO_OLD;
      }
    }
    return Timeliness.OK;
  }

  /** The event time of a health, security or posture input; null for commands. */
  static Instant observedAt(SpecificRecord input) {
    if (input instanceof HealthCheckResult h) {
      return h.getObservedAt();
    } else if (input instanceof SecuritySignal s) {
      return s.getObservedAt();
    } else if (input instanceof PostureFinding p) {
      return p.getObservedAt();
    }
    return null;
  }

  /**
   * True when {@code site} is one of the configured sites (scoped evidence of others is skipped).
   */
  public boolean handlesSite(String site) {
    return config.sites().contains(site);
  }

  /**
   * Records a SITE- or SEGMENT-scoped finding or signal ({@link ScopeEvidence#keyOf} not null) into
   * its scope's evidence. {@code stored} is that scope's evidence or null; it is updated in place
   * and returned (a new one when null). Future-dated input is not applied.
   */
  public SiteState recordScoped(SiteState stored, SpecificRecord input, Instant now) {
    SiteState scope = stored != null ? stored : new SiteState();
    if (timeliness(input, now) != Timeliness.OK) {
      return scope;
    }
    PostureGates gates = new PostureGates(config.gates());
    if (input instanceof SecuritySignal sig) {
      gates.record(scope, sig);
      gates.prune(scope, now);
    } else if (input instanceof PostureFinding f) {
      gates.record(scope, f);
    }
    return scope;
  }

  /**
   * True when the evidence under scope key {@code scopeKey} counts for {@code service}: the scope's
   * site is one of the service's two sites and, for a segment, the service declares the segment.
   */
  public boolean affects(String scopeKey, String service) {
    ServiceConfig sc = config.service(service);
    if (sc == null) {
      return false;
    }
    int slash = scopeKey.indexOf('/');
    String site = slash < 0 ? scopeKey : scopeKey.substring(0, slash);
    if (!site.equals(sc.active()) && !site.equals(sc.standby())) {
      return false;
    }
    return slash < 0 || sc.segments().contains(scopeKey.substring(slash + 1));
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
    ctx.effects().audit(Effects.ACTOR, AuditAction.SITE_HEALTH, details, null);
  }

  private static String siteOf(SpecificRecord input) {
    if (input instanceof HealthCheckResult h) {
      return h.getSite();
    } else if (input instanceof SecuritySignal s) {
      return s.getSite();
    }
    return ((PostureFinding) input).getSite();
  }

  /**
   * What the status API shows of a stored service state at {@code now}, read-only: the snapshot the
   * correlator publishes on {@code vigil.failover.state.v1} (gates evaluated now, with their
   * evidence), waivers with their expiry, and the open alerts' dedup keys. Empty when the config no
   * longer names the service.
   *
   * @param storedState the state store's value for the service
   * @param storedScope the scope store's value for a scope key, or null
   */
  public Optional<FailoverStatus> status(
      byte[] storedState, Function<String, byte[]> storedScope, Instant now) {
    ServiceState stored = ServiceStateCodec.fromBytes(storedState);
    if (!handles(stored.service)) {
      return Optional.empty();
    }
    ScopeEvidence scopes =
        key -> {
          byte[] b = storedScope.apply(key);
          return b == null ? null : StateBinary.readScope(b);
        };
    Context ctx = context(stored.service, stored, now, false, scopes);
    ServiceState s = ctx.state();
    List<FailoverStatus.WaiverView> waivers = new ArrayList<>();
    s.waivers.values().stream()
        .filter(w -> w.activeAt(now))
        .forEach(
            w ->
                waivers.add(
                    new FailoverStatus.WaiverView(w.site, w.gate, w.expiresAt, w.operator)));
    return Optional.of(
        new FailoverStatus(
            FailoverState.newBuilder(content(ctx)).setUpdatedAt(now).build(),
            waivers,
            List.copyOf(s.openAlerts.keySet()),
            s.incident == null ? null : s.incident.from,
            s.incident == null ? null : s.incident.to,
            observedAt(ctx.layers(s.standbySite))));
  }

  /** When each piece of posture and security evidence in {@code layers} was observed, by id. */
  private static Map<String, Instant> observedAt(List<Layer> layers) {
    Map<String, Instant> out = new java.util.HashMap<>();
    java.util.function.Consumer<SiteState.Evidence> add =
        e -> {
          if (e != null && e.eventId != null && e.observedAt != null) {
            out.merge(e.eventId, e.observedAt, (x, y) -> x.isAfter(y) ? x : y);
          }
        };
    for (Layer layer : layers) {
      SiteState site = layer.evidence();
      if (site == null) {
        continue;
      }
      add.accept(site.heartbeat);
      site.openDrift.values().forEach(add);
      site.drift.values().forEach(add);
      site.certificates.values().forEach(add);
      site.keys.values().forEach(add);
      site.intrusions.forEach(add);
    }
    return out;
  }

  private Optional<FailoverState> snapshot(Context ctx) {
    ServiceState s = ctx.state();
    FailoverState state = content(ctx);
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

  /** The snapshot's content, {@code updated_at} at the epoch. */
  private FailoverState content(Context ctx) {
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
    return b.build();
  }
}
