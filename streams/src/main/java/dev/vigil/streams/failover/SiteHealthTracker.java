package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.streams.failover.config.ServiceConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Site health by quorum (docs/design.md §6). Each HealthCheckResult is one evaluation of its
 * vantage point. A vantage point votes DOWN after {@code failureThreshold} consecutive FAILs and UP
 * after {@code successThreshold} consecutive PASSes; WARN breaks both streaks (the site still
 * serves, so it is no failure, but it is no proof of recovery either). Only vantage points heard
 * within {@code staleTimeout} (wall clock) vote. The site becomes DOWN when at least {@code quorum}
 * vantage points vote DOWN, UP when at least {@code quorum} vote UP, UNKNOWN when fewer than {@code
 * quorum} are still reporting; otherwise it keeps its health (hysteresis), so one flaky vantage
 * point can never move it. Results older than the vantage point's latest (by observed_at) are
 * ignored, which also makes redelivered events harmless.
 */
final class SiteHealthTracker {
  private final ServiceConfig config;

  SiteHealthTracker(ServiceConfig config) {
    this.config = config;
  }

  /** A health transition of a site. */
  record Change(SiteHealth from, SiteHealth to, String eventId, List<String> evidence) {}

  /** Applies one probe result; returns the transition it caused, if any. */
  Change onProbe(SiteState site, HealthCheckResult r, Instant now) {
    String eventId = r.getEventId().toString();
    SiteState.Vantage v =
        site.vantages.computeIfAbsent(r.getCheck().getVantage(), k -> new SiteState.Vantage());
    Instant observed = r.getObservedAt();
    if (v.lastObservedAt != null && !observed.isAfter(v.lastObservedAt)) {
      return null;
    }
    v.lastObservedAt = observed;
    v.lastSeenAt = now;
    switch (r.getCheck().getStatus()) {
      case FAIL -> {
        if (v.failStreak == 0) {
          v.streak.clear();
        }
        v.failStreak++;
        v.passStreak = 0;
        remember(v, eventId);
      }
      case PASS -> {
        if (v.passStreak == 0) {
          v.streak.clear();
        }
        v.passStreak++;
        v.failStreak = 0;
        remember(v, eventId);
      }
      default -> {
        v.failStreak = 0;
        v.passStreak = 0;
        v.streak.clear();
      }
    }
    return reassess(site, now, eventId);
  }

  /** Re-judges the site at {@code now} without a new result (staleness). */
  Change onTick(SiteState site, Instant now) {
    return reassess(site, now, null);
  }

  private void remember(SiteState.Vantage v, String eventId) {
    v.streak.add(eventId);
    int keep = Math.max(config.failureThreshold(), config.successThreshold());
    while (v.streak.size() > keep) {
      v.streak.remove(0);
    }
  }

  private Change reassess(SiteState site, Instant now, String eventId) {
    Instant freshAfter = now.minus(config.staleTimeout());
    List<SiteState.Vantage> fresh = new ArrayList<>();
    List<SiteState.Vantage> down = new ArrayList<>();
    List<SiteState.Vantage> up = new ArrayList<>();
    for (Map.Entry<String, SiteState.Vantage> e : site.vantages.entrySet()) {
      SiteState.Vantage v = e.getValue();
      if (v.lastSeenAt == null || v.lastSeenAt.isBefore(freshAfter)) {
        continue;
      }
      fresh.add(v);
      if (v.failStreak >= config.failureThreshold()) {
        down.add(v);
      } else if (v.passStreak >= config.successThreshold()) {
        up.add(v);
      }
    }
    SiteHealth next;
    List<SiteState.Vantage> voters;
    if (down.size() >= config.quorum()) {
      next = SiteHealth.DOWN;
      voters = down;
    } else if (up.size() >= config.quorum()) {
      next = SiteHealth.UP;
      voters = up;
    } else if (fresh.size() < config.quorum()) {
      next = SiteHealth.UNKNOWN;
      voters = List.of();
    } else {
      return null;
    }
    if (next == site.health) {
      return null;
    }
    SiteHealth previous = site.health;
    List<String> evidence = new ArrayList<>();
    voters.forEach(v -> evidence.addAll(v.streak));
    evidence.sort(null);
    site.health = next;
    site.healthSince = now;
    site.healthEventId = eventId;
    site.healthEvidence = new ArrayList<>(evidence);
    return new Change(previous, next, eventId, List.copyOf(evidence));
  }
}
