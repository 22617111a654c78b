package dev.vigil.bench;

import dev.vigil.ingest.posture.PostureEvents;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.HealthCheck;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.ProbeType;
import dev.vigil.schemas.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Health-probe results and posture findings as the collectors write them, for the failover
 * benchmark.
 */
final class Probes {
  static final String PRIMARY = "primary";
  static final String DR = "dr";
  static final List<String> SITES = List.of(PRIMARY, DR);
  static final List<String> VANTAGES = List.of("vantage-1", "vantage-2", "vantage-3");

  private Probes() {}

  static HealthCheckResult result(
      String service, String site, String vantage, CheckStatus status, Instant observedAt) {
    return HealthCheckResult.newBuilder()
        .setEventId(UUID.randomUUID())
        .setKind(EventKind.HEALTH)
        .setSite(site)
        .setService(service)
        .setSource("probe-" + vantage)
        .setObservedAt(observedAt)
        .setCheck(
            HealthCheck.newBuilder()
                .setName("https-health")
                .setProbe(ProbeType.HTTP)
                .setTarget("https://" + service + "." + site + ".example/health")
                .setVantage(vantage)
                .setStatus(status)
                .setLatencyMs(status == CheckStatus.PASS ? 12L : 5000L)
                .setStatusCode(status == CheckStatus.PASS ? 200 : 503)
                .build())
        .build();
  }

  /**
   * The posture that lets every gate pass with evidence: an OK IDS heartbeat, the baseline's drift
   * check OK, a certificate valid for 90 days and key {@code k1} at version 7 (the same on both
   * sites).
   */
  static List<PostureFinding> goodPosture(String service, String site, Instant now) {
    PostureFinding cert = finding(service, site, PostureCheck.CERTIFICATE, "tls-main", now);
    cert.getFinding().setNotAfter(now.plus(Duration.ofDays(90)));
    cert.getFinding().setCertFingerprint("AA:BB:CC");
    PostureFinding key = finding(service, site, PostureCheck.KEY_VERSION, "keys", now);
    key.getFinding().setKeyId("k1");
    key.getFinding().setKeyVersion("7");
    PostureFinding drift = finding(service, site, PostureCheck.DRIFT, "baseline", now);
    return List.of(heartbeat(service, site, now), drift, cert, key);
  }

  /** An OK IDS heartbeat. */
  static PostureFinding heartbeat(String service, String site, Instant now) {
    return finding(service, site, PostureCheck.IDS_HEARTBEAT, "ids", now);
  }

  private static PostureFinding finding(
      String service, String site, PostureCheck check, String control, Instant now) {
    return PostureEvents.of(
        site,
        service,
        "posture",
        now,
        Finding.newBuilder()
            .setCheck(check)
            .setStatus(FindingStatus.OK)
            .setSeverity(Severity.INFO)
            .setControlId(control)
            .build());
  }
}
