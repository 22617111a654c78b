package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.streams.failover.config.GatesConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Records posture findings and security signals per site and evaluates the five gates (DESIGN §6)
 * on a failover target, each with the event ids it rests on. Evidence is judged by event time
 * (observed_at); windows and ages end at the wall-clock {@code now} of the evaluation. Findings
 * older than the latest one for the same control are ignored. Gate reasons name controls and times,
 * never payload values such as fingerprints.
 */
final class PostureGates {
  /** Intrusion signals kept per site; older ones fall out of any sensible window anyway. */
  static final int MAX_SIGNALS = 32;

  private final GatesConfig config;

  PostureGates(GatesConfig config) {
    this.config = config;
  }

  /** Records a finding about {@code site}. */
  void record(SiteState site, PostureFinding f) {
    Finding finding = f.getFinding();
    SiteState.Evidence e = new SiteState.Evidence(f.getEventId().toString(), f.getObservedAt());
    e.status = finding.getStatus();
    e.severity = finding.getSeverity();
    e.controlId = finding.getControlId();
    switch (finding.getCheck()) {
      case DRIFT -> {
        Instant seen = site.driftSeenAt.get(e.controlId);
        if (seen != null && !e.observedAt.isAfter(seen)) {
          return;
        }
        site.driftSeenAt.put(e.controlId, e.observedAt);
        if (e.status == FindingStatus.VIOLATION) {
          site.openDrift.put(e.controlId, e);
        } else {
          site.openDrift.remove(e.controlId);
        }
      }
      case IDS_HEARTBEAT -> {
        if (newer(site.heartbeat, e)) {
          site.heartbeat = e;
        }
      }
      case CERTIFICATE -> {
        e.notAfter = finding.getNotAfter();
        e.fingerprint = finding.getCertFingerprint();
        if (newer(site.certificates.get(e.controlId), e)) {
          site.certificates.put(e.controlId, e);
        }
      }
      case KEY_VERSION -> {
        String keyId = finding.getKeyId() != null ? finding.getKeyId() : finding.getControlId();
        e.keyVersion = finding.getKeyVersion();
        if (newer(site.keys.get(keyId), e)) {
          site.keys.put(keyId, e);
        }
      }
      default -> {
        // ACCESS findings do not gate failover.
      }
    }
  }

  /** Records a signal about {@code site} when it is at or above the intrusion severity. */
  void record(SiteState site, SecuritySignal s) {
    if (s.getSignal().getSeverity().ordinal() < config.intrusion().severity().ordinal()) {
      return;
    }
    String id = s.getEventId().toString();
    if (site.intrusions.stream().anyMatch(e -> e.eventId.equals(id))) {
      return;
    }
    SiteState.Evidence e = new SiteState.Evidence(id, s.getObservedAt());
    e.severity = s.getSignal().getSeverity();
    site.intrusions.add(e);
    site.intrusions.sort(
        Comparator.comparing((SiteState.Evidence x) -> x.observedAt).thenComparing(x -> x.eventId));
    while (site.intrusions.size() > MAX_SIGNALS) {
      site.intrusions.remove(0);
    }
  }

  /** Intrusion signals on {@code site} within the window ending at {@code now}, sorted by id. */
  List<String> recentIntrusions(SiteState site, Instant now) {
    if (site.intrusions.isEmpty()) {
      return List.of();
    }
    Instant after = now.minus(config.intrusion().window());
    return site.intrusions.stream()
        .filter(e -> e.observedAt.isAfter(after))
        .map(e -> e.eventId)
        .sorted()
        .toList();
  }

  /** Drops intrusion signals that have left the window. */
  void prune(SiteState site, Instant now) {
    Instant after = now.minus(config.intrusion().window());
    site.intrusions.removeIf(e -> !e.observedAt.isAfter(after));
  }

  /**
   * Evaluates every gate on {@code target}, comparing keys with {@code other}, applying waivers in
   * force at {@code now}.
   */
  List<GateResult> evaluate(
      String service,
      String targetId,
      SiteState target,
      SiteState other,
      Map<String, Waiver> waivers,
      Instant now) {
    List<GateResult> results = new ArrayList<>();
    results.add(waive(drift(target), targetId, waivers, now));
    results.add(waive(heartbeat(target, now), targetId, waivers, now));
    results.add(waive(certificate(service, targetId, target, now), targetId, waivers, now));
    results.add(waive(keySync(target, other), targetId, waivers, now));
    results.add(waive(intrusion(target, now), targetId, waivers, now));
    return results;
  }

  static boolean allPassed(List<GateResult> gates) {
    return gates.stream().allMatch(GateResult::getPassed);
  }

  private static GateResult waive(
      GateResult r, String site, Map<String, Waiver> waivers, Instant now) {
    if (r.getPassed()) {
      return r;
    }
    Waiver w = waivers.get(Waiver.key(site, r.getGate()));
    if (w == null || !w.activeAt(now)) {
      return r;
    }
    return result(
        r.getGate(),
        true,
        true,
        "waived by " + w.operator + " until " + w.expiresAt + "; failing: " + r.getReason(),
        r.getEvidenceEventIds());
  }

  private GateResult drift(SiteState t) {
    if (!config.drift().enabled()) {
      return disabled(GateName.DRIFT);
    }
    List<SiteState.Evidence> open =
        t.openDrift.values().stream()
            .filter(e -> e.severity.ordinal() >= config.drift().severity().ordinal())
            .toList();
    if (open.isEmpty()) {
      return result(
          GateName.DRIFT,
          true,
          false,
          "no open drift violation at or above " + config.drift().severity(),
          List.of());
    }
    return result(
        GateName.DRIFT,
        false,
        false,
        "open drift violation on "
            + open.stream().map(e -> e.controlId + " (" + e.severity + ")").toList(),
        ids(open));
  }

  private GateResult heartbeat(SiteState t, Instant now) {
    if (!config.idsHeartbeat().enabled()) {
      return disabled(GateName.IDS_HEARTBEAT);
    }
    SiteState.Evidence hb = t.heartbeat;
    if (hb == null) {
      return result(GateName.IDS_HEARTBEAT, false, false, "no IDS heartbeat seen", List.of());
    }
    if (hb.status != FindingStatus.OK) {
      return result(
          GateName.IDS_HEARTBEAT,
          false,
          false,
          "latest IDS heartbeat reports VIOLATION at " + hb.observedAtText(),
          List.of(hb.eventId));
    }
    if (hb.observedAt.isBefore(now.minus(config.idsHeartbeat().maxAge()))) {
      return result(
          GateName.IDS_HEARTBEAT,
          false,
          false,
          "latest IDS heartbeat at "
              + hb.observedAtText()
              + " is older than "
              + config.idsHeartbeat().maxAge(),
          List.of(hb.eventId));
    }
    return result(
        GateName.IDS_HEARTBEAT,
        true,
        false,
        "IDS heartbeat OK at " + hb.observedAtText(),
        List.of(hb.eventId));
  }

  private GateResult certificate(String service, String siteId, SiteState t, Instant now) {
    if (!config.certificate().enabled()) {
      return disabled(GateName.CERTIFICATE);
    }
    if (t.certificates.isEmpty()) {
      return result(GateName.CERTIFICATE, false, false, "no certificate finding", List.of());
    }
    Instant validBeyond = now.plus(config.certificate().margin());
    String expected = config.certificate().expected(service, siteId);
    List<String> problems = new ArrayList<>();
    List<SiteState.Evidence> bad = new ArrayList<>();
    for (SiteState.Evidence c : t.certificates.values()) {
      String problem = null;
      if (c.status != FindingStatus.OK) {
        problem = c.controlId + " reports VIOLATION";
      } else if (c.notAfter == null) {
        problem = c.controlId + " has no not_after";
      } else if (!c.notAfter.isAfter(validBeyond)) {
        problem = c.controlId + " expires " + c.notAfter + ", within the margin";
      } else if (expected != null && !sameFingerprint(expected, c.fingerprint)) {
        problem = c.controlId + " fingerprint differs from the expected one";
      }
      if (problem != null) {
        problems.add(problem);
        bad.add(c);
      }
    }
    if (!problems.isEmpty()) {
      return result(GateName.CERTIFICATE, false, false, String.join("; ", problems), ids(bad));
    }
    // The reason names the earliest expiry, not now + margin: a passing gate's text must not
    // change with the clock, or every event would publish a new state snapshot.
    SiteState.Evidence earliest = null;
    for (SiteState.Evidence c : t.certificates.values()) {
      if (earliest == null || c.notAfter.isBefore(earliest.notAfter)) {
        earliest = c;
      }
    }
    return result(
        GateName.CERTIFICATE,
        true,
        false,
        t.certificates.size()
            + " certificate(s) valid beyond the "
            + config.certificate().margin()
            + " margin; earliest expiry "
            + earliest.notAfterText(),
        ids(t.certificates.values()));
  }

  private GateResult keySync(SiteState t, SiteState other) {
    if (!config.keySync().enabled()) {
      return disabled(GateName.KEY_SYNC);
    }
    if (t.keys.isEmpty()) {
      return result(GateName.KEY_SYNC, false, false, "no key-version report", List.of());
    }
    TreeSet<String> keyIds = new TreeSet<>(t.keys.keySet());
    keyIds.addAll(other.keys.keySet());
    List<String> problems = new ArrayList<>();
    List<SiteState.Evidence> evidence = new ArrayList<>();
    List<SiteState.Evidence> all = new ArrayList<>();
    for (String keyId : keyIds) {
      SiteState.Evidence mine = t.keys.get(keyId);
      SiteState.Evidence theirs = other.keys.get(keyId);
      if (mine != null) {
        all.add(mine);
      }
      if (theirs != null) {
        all.add(theirs);
      }
      if (mine == null || theirs == null) {
        problems.add(keyId + " reported on one site only");
      } else if (mine.keyVersion == null || !mine.keyVersion.equals(theirs.keyVersion)) {
        problems.add(keyId + " version differs between sites");
      } else {
        continue;
      }
      if (mine != null) {
        evidence.add(mine);
      }
      if (theirs != null) {
        evidence.add(theirs);
      }
    }
    if (!problems.isEmpty()) {
      return result(GateName.KEY_SYNC, false, false, String.join("; ", problems), ids(evidence));
    }
    return result(
        GateName.KEY_SYNC,
        true,
        false,
        keyIds.size() + " key(s) in sync with the other site",
        ids(all));
  }

  private GateResult intrusion(SiteState t, Instant now) {
    if (!config.intrusion().enabled()) {
      return disabled(GateName.INTRUSION);
    }
    List<String> recent = recentIntrusions(t, now);
    if (recent.isEmpty()) {
      return result(
          GateName.INTRUSION,
          true,
          false,
          "no signal at or above "
              + config.intrusion().severity()
              + " within "
              + config.intrusion().window(),
          List.of());
    }
    return result(
        GateName.INTRUSION,
        false,
        false,
        recent.size()
            + " signal(s) at or above "
            + config.intrusion().severity()
            + " within "
            + config.intrusion().window(),
        recent);
  }

  private static boolean newer(SiteState.Evidence current, SiteState.Evidence candidate) {
    return current == null || candidate.observedAt.isAfter(current.observedAt);
  }

  private static boolean sameFingerprint(String expected, String actual) {
    return actual != null && normalise(expected).equals(normalise(actual));
  }

  private static String normalise(String fingerprint) {
    return fingerprint.replace(":", "").trim().toUpperCase(Locale.ROOT);
  }

  private static List<String> ids(java.util.Collection<SiteState.Evidence> evidence) {
    return evidence.stream().map(e -> e.eventId).sorted().distinct().toList();
  }

  private static GateResult disabled(GateName gate) {
    return result(gate, true, false, "disabled in config", List.of());
  }

  private static GateResult result(
      GateName gate, boolean passed, boolean waived, String reason, List<String> evidence) {
    return GateResult.newBuilder()
        .setGate(gate)
        .setPassed(passed)
        .setWaived(waived)
        .setReason(reason)
        .setEvidenceEventIds(new ArrayList<>(evidence))
        .build();
  }
}
