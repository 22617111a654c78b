package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.FailoverPhase;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.SiteHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the failover machine remembers about one service: site health per vantage point,
 * posture evidence, the open incident, waivers, open alerts and anti-flap counters. Opaque to
 * callers: store it with {@link ServiceStateCodec} and pass it back to {@link FailoverEngine}. The
 * engine never mutates a state it was given; it returns a new one in the {@link Decision}.
 */
public final class ServiceState {
  /** Layout version of the stored JSON. */
  int v = 1;

  String service;

  /** The configured active site: where traffic lives normally and failback returns to. */
  String homeSite;

  String activeSite;
  String standbySite;
  Instant createdAt;
  TreeMap<String, SiteState> sites = new TreeMap<>();
  Incident incident;

  /** Waivers by {@code site/GATE}. */
  TreeMap<String, Waiver> waivers = new TreeMap<>();

  /** Alerts currently triggered, by dedup key, with a fingerprint of what was last sent. */
  TreeMap<String, String> openAlerts = new TreeMap<>();

  int flapCount;
  Instant lastIncidentEndedAt;
  Instant cooldownUntil;
  long incidentSeq;
  long effectSeq;

  /** Signal that opened the last security-led incident, so one intrusion starts one incident. */
  String lastSecuritySignal;

  ArrayList<String> recentCommandIds = new ArrayList<>();

  /** First halves of two-person commands awaiting a second operator, oldest first. */
  ArrayList<PendingCommand> pending = new ArrayList<>();

  String lastSnapshotFingerprint;

  /**
   * Nonces of accepted signed operator commands and their {@code issued_at}, kept while a replay
   * would still be timely ({@code failover.commands.maxAge}): a replay is refused, also after a
   * restart, and an older one is refused as stale anyway.
   */
  TreeMap<String, Instant> seenNonces = new TreeMap<>();

  /**
   * The last snapshot content compared (updated_at at the epoch), in memory only (not stored):
   * content equal to it cannot have another fingerprint, so the Avro encoding and hashing are
   * skipped for the common event that changes nothing a snapshot shows.
   */
  transient FailoverState lastSnapshot;

  /**
   * The bytes this state was last read from or written to the store as, in memory only: a decision
   * that encodes to the same bytes (most ticks) is not written again, so an idle service costs the
   * changelog nothing.
   */
  transient byte[] stored;

  /** The store bytes this state was last read from or written as (null = not yet). */
  public byte[] storedBytes() {
    return stored;
  }

  /** Records the store bytes this state was read from or written as. */
  public void storedAs(byte[] bytes) {
    this.stored = bytes;
  }

  /** Whether an incident is open. */
  public boolean hasIncident() {
    return incident != null;
  }

  String configVersion;

  ServiceState() {}

  public String service() {
    return service;
  }

  public String activeSite() {
    return activeSite;
  }

  public String standbySite() {
    return standbySite;
  }

  public Optional<String> incidentId() {
    return Optional.ofNullable(incident).map(i -> i.id);
  }

  public SiteHealth health(String site) {
    SiteState s = sites.get(site);
    return s == null ? SiteHealth.UNKNOWN : s.health;
  }

  public int flapCount() {
    return flapCount;
  }

  public Optional<Instant> cooldownUntil() {
    return Optional.ofNullable(cooldownUntil);
  }

  /** Dedup keys of the alerts currently triggered (not yet resolved), sorted. */
  public List<String> openAlertKeys() {
    return List.copyOf(openAlerts.keySet());
  }

  /** The phase the snapshot reports. */
  public FailoverPhase phase() {
    if (incident != null) {
      return switch (incident.status) {
        case BLOCKED -> FailoverPhase.BLOCKED;
        case HOLD -> FailoverPhase.HOLD;
        default ->
            incident.to.equals(homeSite) ? FailoverPhase.FAILING_BACK : FailoverPhase.FAILING_OVER;
      };
    }
    if (!activeSite.equals(homeSite)) {
      return FailoverPhase.FAILED_OVER;
    }
    return health(activeSite) == SiteHealth.UP ? FailoverPhase.STEADY : FailoverPhase.DEGRADED;
  }

  SiteState site(String site) {
    return sites.get(site);
  }
}
