package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.streams.failover.config.GatesConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Records posture findings and security signals per site and evaluates the five gates
 * (docs/design.md §6) on a failover target, each with the event ids it rests on. Evidence is judged
 * by event time (observed_at); windows and ages end at the wall-clock {@code now} of the
 * evaluation. Findings older than the latest one for the same control are ignored. Gate reasons
 * name controls and times, never payload values such as fingerprints.
 */
final class PostureGates {
  /** Intrusion signals kept per site; older ones fall out of any sensible window anyway. */
  static final int MAX_SIGNALS = 32;

  /**
   * Finding detail with a keyset fingerprint (ingest's KeyVersionReport writes it): KEY_SYNC fails
   * when the two sites' fingerprints of a key differ.
   */
  static final String KEYSET_FINGERPRINT = "keyset_fingerprint";

  private final GatesConfig config;

  PostureGates(GatesConfig config) {
    this.config = config;
  }

  /** Records a finding about {@code site} (a service's site, or a scope's evidence). */
  void record(SiteState site, PostureFinding f) {
    Finding finding = f.getFinding();
    SiteState.Evidence e = new SiteState.Evidence(f.getEventId().toString(), f.getObservedAt());
    e.status = finding.getStatus();
    e.severity = finding.getSeverity();
    e.controlId = finding.getControlId();
    e.source = f.getSource();
    switch (finding.getCheck()) {
      case DRIFT -> {
        if (!newer(site.drift.get(e.controlId), e)) {
          return;
        }
        site.drift.put(e.controlId, e);
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
        // a keyset fingerprint (vigil keys report, third column): SHA-256 over key ids and probe
        // outputs, never key material
        e.fingerprint =
            finding.getDetails() == null ? null : finding.getDetails().get(KEYSET_FINGERPRINT);
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
    e.source = s.getSource();
    site.intrusions.add(e);
    site.intrusions.sort(
        Comparator.comparing((SiteState.Evidence x) -> x.observedAt).thenComparing(x -> x.eventId));
    while (site.intrusions.size() > MAX_SIGNALS) {
      site.intrusions.remove(0);
    }
  }

  /** Intrusion signals in any of {@code layers} within the window ending at {@code now}, sorted. */
  List<String> recentIntrusions(List<Layer> layers, Instant now) {
    Instant after = now.minus(config.intrusion().window());
    List<String> ids = new ArrayList<>();
    for (Layer l : layers) {
      for (SiteState.Evidence e : l.evidence().intrusions) {
        if (e.observedAt.isAfter(after)) {
          ids.add(e.eventId);
        }
      }
    }
    if (ids.size() > 1) {
      ids = ids.stream().sorted().distinct().toList();
    }
    return ids;
  }

  /** The newest intrusion signal in any of {@code layers}, or null. */
  static SiteState.Evidence latestIntrusion(List<Layer> layers) {
    SiteState.Evidence latest = null;
    for (Layer l : layers) {
      List<SiteState.Evidence> in = l.evidence().intrusions;
      if (!in.isEmpty()) {
        SiteState.Evidence e = in.get(in.size() - 1);
        if (latest == null || e.observedAt.isAfter(latest.observedAt)) {
          latest = e;
        }
      }
    }
    return latest;
  }

  /** Drops intrusion signals that have left the window. */
  void prune(SiteState site, Instant now) {
    Instant after = now.minus(config.intrusion().window());
    site.intrusions.removeIf(e -> !e.observedAt.isAfter(after));
  }

  /**
   * Evaluates every gate on the target site as seen through {@code target} (the service's own
   * evidence, the site's and its segments'), comparing keys with the same layers of the other site,
   * applying waivers in force at {@code now}.
   */
  List<GateResult> evaluate(
      String service,
      String targetId,
      List<Layer> target,
      List<Layer> other,
      Map<String, Waiver> waivers,
      Instant now) {
    List<GateResult> results = new ArrayList<>(5);
    results.add(waive(drift(target, now), targetId, waivers, now));
    results.add(waive(heartbeat(target, now), targetId, waivers, now));
    results.add(waive(certificate(service, targetId, target, now), targetId, waivers, now));
    results.add(waive(keySync(target, other, now), targetId, waivers, now));
    results.add(waive(intrusion(target, now), targetId, waivers, now));
    return results;
  }

  /** Evidence on the target older than its gate's {@code maxAge} ({@link StaleEvidence}). */
  StaleEvidence stale(List<Layer> target, Instant now) {
    return StaleEvidence.on(config, target, now);
  }

  static boolean allPassed(List<GateResult> gates) {
    for (GateResult g : gates) {
      if (!g.getPassed()) {
        return false;
      }
    }
    return true;
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

  private GateResult drift(List<Layer> target, Instant now) {
    if (!config.drift().enabled()) {
      return disabled(GateName.DRIFT);
    }
    Severity min = config.drift().severity();
    List<SiteState.Evidence> open = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<SiteState.Evidence> stale = new ArrayList<>();
    List<SiteState.Evidence> checked = new ArrayList<>();
    Instant limit = now.minus(config.drift().maxAge());
    for (Layer l : target) {
      for (SiteState.Evidence e : l.evidence().openDrift.values()) {
        if (e.severity.ordinal() >= min.ordinal()) {
          open.add(e);
          problems.add(e.controlId + " (" + e.severity + ", " + l.name() + ")");
        }
      }
      for (SiteState.Evidence e : l.evidence().drift.values()) {
        checked.add(e);
        if (e.observedAt.isBefore(limit)) {
          stale.add(e);
        }
      }
    }
    if (!open.isEmpty()) {
      return result(GateName.DRIFT, false, false, "open drift violation on " + problems, ids(open));
    }
    if (checked.isEmpty()) {
      return result(
          GateName.DRIFT,
          false,
          false,
          "no drift check seen (the baseline must be checked)",
          List.of());
    }
    if (!stale.isEmpty()) {
      return result(
          GateName.DRIFT,
          false,
          false,
          stale.size()
              + " drift control(s) not checked within "
              + config.drift().maxAge()
              + ": "
              + stale.stream().map(e -> e.controlId).sorted().toList(),
          ids(stale));
    }
    return result(
        GateName.DRIFT,
        true,
        false,
        "no open drift violation at or above "
            + min
            + "; "
            + checked.size()
            + " control(s) checked within "
            + config.drift().maxAge(),
        ids(checked));
  }

  private GateResult heartbeat(List<Layer> target, Instant now) {
    if (!config.idsHeartbeat().enabled()) {
      return disabled(GateName.IDS_HEARTBEAT);
    }
    Instant limit = now.minus(config.idsHeartbeat().maxAge());
    SiteState.Evidence newestStale = null;
    SiteState.Evidence freshOk = null;
    Layer freshOkLayer = null;
    List<SiteState.Evidence> down = new ArrayList<>();
    for (Layer l : target) {
      SiteState.Evidence hb = l.evidence().heartbeat;
      if (hb == null) {
        continue;
      }
      if (hb.observedAt.isBefore(limit)) {
        if (newestStale == null || hb.observedAt.isAfter(newestStale.observedAt)) {
          newestStale = hb;
        }
      } else if (hb.status != FindingStatus.OK) {
        down.add(hb);
      } else if (freshOk == null || hb.observedAt.isAfter(freshOk.observedAt)) {
        freshOk = hb;
        freshOkLayer = l;
      }
    }
    if (!down.isEmpty()) {
      return result(
          GateName.IDS_HEARTBEAT,
          false,
          false,
          "latest IDS heartbeat reports VIOLATION at " + down.get(0).observedAtText(),
          ids(down));
    }
    if (freshOk != null) {
      return result(
          GateName.IDS_HEARTBEAT,
          true,
          false,
          "IDS heartbeat OK at " + freshOk.observedAtText() + " (" + freshOkLayer.name() + ")",
          List.of(freshOk.eventId));
    }
    if (newestStale == null) {
      return result(GateName.IDS_HEARTBEAT, false, false, "no IDS heartbeat seen", List.of());
    }
    return result(
        GateName.IDS_HEARTBEAT,
        false,
        false,
        "latest IDS heartbeat at "
            + newestStale.observedAtText()
            + " is older than "
            + config.idsHeartbeat().maxAge(),
        List.of(newestStale.eventId));
  }

  private GateResult certificate(String service, String siteId, List<Layer> target, Instant now) {
    if (!config.certificate().enabled()) {
      return disabled(GateName.CERTIFICATE);
    }
    Instant validBeyond = now.plus(config.certificate().margin());
    Instant limit = now.minus(config.certificate().maxAge());
    String expected = config.certificate().expected(service, siteId);
    List<String> problems = new ArrayList<>();
    List<SiteState.Evidence> bad = new ArrayList<>();
    List<SiteState.Evidence> all = new ArrayList<>();
    SiteState.Evidence earliest = null;
    for (Layer l : target) {
      for (SiteState.Evidence c : l.evidence().certificates.values()) {
        all.add(c);
        String problem = null;
        if (c.status != FindingStatus.OK) {
          problem = c.controlId + " reports VIOLATION";
        } else if (c.notAfter == null) {
          problem = c.controlId + " has no not_after";
        } else if (!c.notAfter.isAfter(validBeyond)) {
          problem = c.controlId + " expires " + c.notAfter + ", within the margin";
        } else if (c.observedAt.isBefore(limit)) {
          problem =
              c.controlId
                  + " last checked at "
                  + c.observedAtText()
                  + ", older than "
                  + config.certificate().maxAge();
        } else if (expected != null
            && l.scope() == EvidenceScope.SERVICE
            && !sameFingerprint(expected, c.fingerprint)) {
          problem = c.controlId + " fingerprint differs from the expected one";
        }
        if (problem != null) {
          problems.add(problem);
          bad.add(c);
        } else if (earliest == null || c.notAfter.isBefore(earliest.notAfter)) {
          earliest = c;
        }
      }
    }
    if (all.isEmpty()) {
      return result(GateName.CERTIFICATE, false, false, "no certificate finding", List.of());
    }
    if (!problems.isEmpty()) {
      return result(GateName.CERTIFICATE, false, false, String.join("; ", problems), ids(bad));
    }
    // The reason names the earliest expiry, not now + margin: a passing gate's text must not
    // change with the clock, or every event would publish a new state snapshot.
    return result(
        GateName.CERTIFICATE,
        true,
        false,
        all.size()
            + " certificate(s) valid beyond the "
            + config.certificate().margin()
            + " margin; earliest expiry "
            + earliest.notAfterText(),
        ids(all));
  }

  private GateResult keySync(List<Layer> target, List<Layer> other, Instant now) {
    if (!config.keySync().enabled()) {
      return disabled(GateName.KEY_SYNC);
    }
    Map<String, SiteState.Evidence> mineByKey = keys(target);
    if (mineByKey.isEmpty()) {
      return result(GateName.KEY_SYNC, false, false, "no key-version report", List.of());
    }
    Map<String, SiteState.Evidence> theirsByKey = keys(other);
    Instant limit = now.minus(config.keySync().maxAge());
    TreeSet<String> keyIds = new TreeSet<>(mineByKey.keySet());
    keyIds.addAll(theirsByKey.keySet());
    List<String> problems = new ArrayList<>();
    List<SiteState.Evidence> evidence = new ArrayList<>();
    List<SiteState.Evidence> all = new ArrayList<>();
    for (String keyId : keyIds) {
      SiteState.Evidence mine = mineByKey.get(keyId);
      SiteState.Evidence theirs = theirsByKey.get(keyId);
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
      } else if (!java.util.Objects.equals(mine.fingerprint, theirs.fingerprint)) {
        // same primary key id but other key material or another set of keys: pseudonyms differ
        problems.add(keyId + " keyset fingerprint differs between sites");
      } else if (mine.observedAt.isBefore(limit)) {
        problems.add(keyId + " not reported within " + config.keySync().maxAge());
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

  /** The latest report per key id over {@code layers} (the newest wins across layers). */
  private static Map<String, SiteState.Evidence> keys(List<Layer> layers) {
    Map<String, SiteState.Evidence> only = null;
    int reporting = 0;
    for (Layer l : layers) {
      if (!l.evidence().keys.isEmpty()) {
        only = l.evidence().keys;
        reporting++;
      }
    }
    if (reporting <= 1) {
      return only == null ? Map.of() : only; // the common case: one layer reports keys
    }
    Map<String, SiteState.Evidence> merged = new TreeMap<>();
    for (Layer l : layers) {
      l.evidence().keys.forEach((id, e) -> merged.merge(id, e, (a, b) -> newer(a, b) ? b : a));
    }
    return merged;
  }

  private GateResult intrusion(List<Layer> target, Instant now) {
    if (!config.intrusion().enabled()) {
      return disabled(GateName.INTRUSION);
    }
    List<String> recent = recentIntrusions(target, now);
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
    return evidence.stream()
        .map(e -> e.eventId)
        .filter(java.util.Objects::nonNull)
        .sorted()
        .distinct()
        .toList();
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
