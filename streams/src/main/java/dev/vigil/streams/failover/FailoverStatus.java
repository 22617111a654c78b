package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.GateName;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One service as the status API shows it (see {@link FailoverEngine#status}).
 *
 * @param state the snapshot: active/standby site, phase, stage, step, traffic percent, site health,
 *     each gate on the standby with its reason and evidence ids
 * @param waivers waivers in force
 * @param openAlerts dedup keys of the alerts currently triggered
 * @param incidentFrom the open incident's source site, or null
 * @param incidentTo the open incident's target site, or null
 * @param evidenceObservedAt when each piece of the standby's evidence (by event id) was observed,
 *     for the age of each gate's evidence
 * @param recentTransitions the service's latest incident transitions, newest first (at most {@link
 *     TransitionLog#MAX_ENTRIES})
 */
public record FailoverStatus(
    FailoverState state,
    List<WaiverView> waivers,
    List<String> openAlerts,
    String incidentFrom,
    String incidentTo,
    Map<String, Instant> evidenceObservedAt,
    List<TransitionLogEntry> recentTransitions) {

  /** Without recent transitions (read from their own store, see {@link #withTransitions}). */
  public FailoverStatus(
      FailoverState state,
      List<WaiverView> waivers,
      List<String> openAlerts,
      String incidentFrom,
      String incidentTo,
      Map<String, Instant> evidenceObservedAt) {
    this(state, waivers, openAlerts, incidentFrom, incidentTo, evidenceObservedAt, List.of());
  }

  /** Without evidence times (tests, callers that do not show ages). */
  public FailoverStatus(
      FailoverState state,
      List<WaiverView> waivers,
      List<String> openAlerts,
      String incidentFrom,
      String incidentTo) {
    this(state, waivers, openAlerts, incidentFrom, incidentTo, Map.of(), List.of());
  }

  /** This status with {@code log}'s transitions. */
  public FailoverStatus withTransitions(TransitionLog log) {
    return new FailoverStatus(
        state,
        waivers,
        openAlerts,
        incidentFrom,
        incidentTo,
        evidenceObservedAt,
        log.newestFirst());
  }

  /** A waiver in force: on which site's gate, until when, granted by whom. */
  public record WaiverView(String site, GateName gate, Instant expiresAt, String operator) {}

  public FailoverStatus {
    waivers = List.copyOf(waivers);
    openAlerts = List.copyOf(openAlerts);
    evidenceObservedAt = Map.copyOf(evidenceObservedAt);
    recentTransitions = List.copyOf(recentTransitions);
  }
}
