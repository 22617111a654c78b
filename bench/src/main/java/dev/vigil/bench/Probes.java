package dev.vigil.bench;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.event.SampleEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sites and vantages of the failover benchmark, and its events ({@link SampleEvents}: health
 * probes and posture findings as the collectors write them).
 */
final class Probes {
  static final String PRIMARY = "primary";
  static final String DR = "dr";
  static final List<String> SITES = List.of(PRIMARY, DR);
  static final List<String> VANTAGES = List.of("vantage-1", "vantage-2", "vantage-3");

  private Probes() {}

  static HealthCheckResult result(
      String service, String site, String vantage, CheckStatus status, Instant observedAt) {
    return SampleEvents.probe(service, site, vantage, status, observedAt);
  }

  /**
   * The posture that lets every gate pass with evidence: an OK IDS heartbeat and {@link
   * SampleEvents#goodPosture} (baseline OK, a certificate valid for 90 days, the same key version
   * on both sites).
   */
  static List<PostureFinding> goodPosture(String service, String site, Instant now) {
    List<PostureFinding> all = new ArrayList<>();
    all.add(heartbeat(service, site, now));
    all.addAll(SampleEvents.goodPosture(service, site, now));
    return List.copyOf(all);
  }

  /** An OK IDS heartbeat. */
  static PostureFinding heartbeat(String service, String site, Instant now) {
    return SampleEvents.heartbeat(service, site, now);
  }
}
