package dev.vigil.streams.failover;

import dev.vigil.streams.failover.config.GatesConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stale evidence on a failover target: what the enabled gates rest on but is older than the gate's
 * {@code maxAge}, one line each (gate, control, layer, source, last report time), and the event
 * ids.
 *
 * @param what one line per stale piece of evidence
 * @param eventIds the ids of the stale events, sorted and distinct
 */
record StaleEvidence(List<String> what, List<String> eventIds) {

  boolean isEmpty() {
    return what.isEmpty();
  }

  /**
   * Evidence on the target that a gate needs fresh but that is older than the gate's {@code
   * maxAge}: one line per stale piece naming the gate, the control, the layer and the source, and
   * the event ids. Empty when everything the enabled gates rest on is fresh.
   */
  static StaleEvidence on(GatesConfig config, List<Layer> target, Instant now) {
    List<String> what = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    if (config.drift().enabled()) {
      Instant limit = now.minus(config.drift().maxAge());
      for (Layer l : target) {
        l.evidence().drift.values().forEach(e -> older(l, "DRIFT ", e, limit, what, ids));
      }
    }
    if (config.idsHeartbeat().enabled()) {
      heartbeats(target, now.minus(config.idsHeartbeat().maxAge()), what, ids);
    }
    if (config.certificate().enabled()) {
      Instant limit = now.minus(config.certificate().maxAge());
      for (Layer l : target) {
        l.evidence()
            .certificates
            .values()
            .forEach(e -> older(l, "CERTIFICATE ", e, limit, what, ids));
      }
    }
    if (config.keySync().enabled()) {
      Instant limit = now.minus(config.keySync().maxAge());
      for (Layer l : target) {
        for (Map.Entry<String, SiteState.Evidence> k : l.evidence().keys.entrySet()) {
          older(l, "KEY_SYNC key " + k.getKey() + " ", k.getValue(), limit, what, ids);
        }
      }
    }
    return new StaleEvidence(what, ids.stream().sorted().distinct().toList());
  }

  /** Adds {@code e} (in layer {@code l}) when it was reported before {@code limit}. */
  private static void older(
      Layer l,
      String gate,
      SiteState.Evidence e,
      Instant limit,
      List<String> what,
      List<String> ids) {
    if (e.observedAt.isBefore(limit)) {
      what.add(gate + describe(e, l));
      addId(ids, e);
    }
  }

  /** Stale heartbeats count only when none of the layers has a fresh one (ids always). */
  private static void heartbeats(
      List<Layer> target, Instant limit, List<String> what, List<String> ids) {
    boolean anyFresh = false;
    List<String> staleBeats = new ArrayList<>();
    for (Layer l : target) {
      SiteState.Evidence hb = l.evidence().heartbeat;
      if (hb != null && hb.observedAt.isBefore(limit)) {
        staleBeats.add("IDS_HEARTBEAT " + describe(hb, l));
        addId(ids, hb);
      } else if (hb != null) {
        anyFresh = true;
      }
    }
    if (!anyFresh) {
      what.addAll(staleBeats);
    }
  }

  private static String describe(SiteState.Evidence e, Layer l) {
    return (e.controlId == null ? "" : e.controlId + " ")
        + "("
        + l.name()
        + (e.source == null ? "" : ", source " + e.source)
        + ") last reported at "
        + e.observedAtText();
  }

  private static void addId(List<String> ids, SiteState.Evidence e) {
    if (e.eventId != null) {
      ids.add(e.eventId);
    }
  }
}
