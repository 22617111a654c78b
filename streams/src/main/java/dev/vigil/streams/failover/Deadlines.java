package dev.vigil.streams.failover;

import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.GatesConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import dev.vigil.streams.failover.config.TrafficStep;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * When a tick could next change a state: the earliest wall-clock millisecond after {@code now} at
 * which one of the engine's time thresholds can flip. Every threshold the engine checks on a tick
 * is an instant held in the state plus one configured duration (staleness, evidence age, intrusion
 * window, dwell, cooldown, waiver expiry and warning, two-person window, certificate margin), so
 * the candidates are every instant of the state plus every such duration (a superset: some never
 * matter, which costs at most a tick that changes nothing). Between two candidates every check
 * gives the same answer, so a tick there changes nothing. A candidate {@code t} is due at {@code
 * floor(t) + 1 ms}, when both {@code isAfter(t)} and {@code !isBefore(t)} hold.
 */
final class Deadlines {
  /** No deadline: nothing in the state will change by time alone. */
  static final long NONE = Long.MAX_VALUE;

  /** Configured offsets in ms, ascending, the same for every service but its staleTimeout. */
  private final long[] common;

  Deadlines(FailoverConfig config) {
    FailoverPolicy p = config.failover();
    GatesConfig g = config.gates();
    TreeSet<Long> d = new TreeSet<>();
    d.add(0L);
    add(d, p.prepareDwell());
    p.steps().stream().map(TrafficStep::dwell).forEach(x -> add(d, x));
    add(d, p.cooldown());
    add(d, p.backoff().resetAfter());
    add(d, p.triggerValidity());
    add(d, p.waiverWarning().negated());
    add(d, p.commands().twoPersonRule().window());
    add(d, g.drift().maxAge());
    add(d, g.idsHeartbeat().maxAge());
    add(d, g.certificate().maxAge());
    add(d, g.certificate().margin().negated());
    add(d, g.keySync().maxAge());
    add(d, g.intrusion().window());
    config.services().values().stream().map(ServiceConfig::staleTimeout).forEach(x -> add(d, x));
    common = d.stream().mapToLong(Long::longValue).toArray();
  }

  private static void add(TreeSet<Long> set, Duration d) {
    set.add(d.toMillis());
  }

  /** The configured offsets, ascending (tests). */
  long[] offsets() {
    return Arrays.copyOf(common, common.length);
  }

  /** The next due millisecond of {@code s} after {@code nowMs}, or {@link #NONE}. */
  long next(ServiceState s, long nowMs) {
    Min m = new Min(nowMs);
    m.at(s.createdAt);
    m.at(s.lastIncidentEndedAt);
    m.at(s.cooldownUntil);
    if (s.incident != null) {
      m.at(s.incident.openedAt);
      m.at(s.incident.stageAt);
    }
    s.waivers.values().forEach(w -> m.at(w.expiresAt));
    s.pending.forEach(p -> m.at(p.at));
    s.sites.values().forEach(site -> site(m, site));
    return m.min;
  }

  /** The next due millisecond of site- or segment-wide evidence after {@code nowMs}. */
  long next(SiteState scope, long nowMs) {
    Min m = new Min(nowMs);
    site(m, scope);
    return m.min;
  }

  private static void site(Min m, SiteState site) {
    m.at(site.healthSince);
    for (SiteState.Vantage v : site.vantages.values()) {
      m.at(v.lastObservedAt);
      m.at(v.lastSeenAt);
    }
    m.evidence(site.heartbeat);
    site.openDrift.values().forEach(m::evidence);
    site.drift.values().forEach(m::evidence);
    site.certificates.values().forEach(m::evidence);
    site.keys.values().forEach(m::evidence);
    site.intrusions.forEach(m::evidence);
  }

  /** The smallest {@code floor(t + offset) + 1} above {@code now} over the instants offered. */
  private final class Min {
    final long now;
    long min = NONE;

    Min(long now) {
      this.now = now;
    }

    void evidence(SiteState.Evidence e) {
      if (e != null) {
        at(e.observedAt);
        at(e.notAfter);
      }
    }

    void at(Instant t) {
      if (t == null) {
        return;
      }
      long base = t.toEpochMilli();
      for (long offset : common) {
        long due = saturatedAdd(base, offset) + 1;
        if (due > now) {
          if (due < min) {
            min = due;
          }
          return; // offsets ascend: the first one past now is this instant's earliest
        }
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return r < 0 ? Long.MAX_VALUE - 1 : Long.MIN_VALUE;
    }
    return r;
  }
}
