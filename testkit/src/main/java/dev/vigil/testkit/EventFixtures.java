package dev.vigil.testkit;

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
import java.time.Instant;
import java.util.UUID;

/**
 * Events as a collector would publish them, for tests that drive the correlator: one HTTP probe
 * result per call, one posture finding per call, each with a fresh event id.
 */
public final class EventFixtures {
  private EventFixtures() {}

  /**
   * An HTTP health probe of {@code service} at {@code site} from {@code vantage} (source {@code
   * probe-<vantage>}, target {@code https://<site>.example/health}, 12 ms).
   */
  public static HealthCheckResult probe(
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
                .setName("http")
                .setProbe(ProbeType.HTTP)
                .setTarget("https://" + site + ".example/health")
                .setVantage(vantage)
                .setStatus(status)
                .setLatencyMs(12)
                .build())
        .build();
  }

  /**
   * A passing ({@code OK}, {@code INFO}) posture finding of {@code check} for {@code service} at
   * {@code site}, source {@code posture}; the builder lets a test change status or severity.
   */
  public static PostureFinding.Builder finding(
      String service, String site, PostureCheck check, String control, Instant observedAt) {
    return PostureFinding.newBuilder()
        .setEventId(UUID.randomUUID())
        .setKind(EventKind.POSTURE)
        .setSite(site)
        .setService(service)
        .setSource("posture")
        .setObservedAt(observedAt)
        .setFinding(
            Finding.newBuilder()
                .setCheck(check)
                .setStatus(FindingStatus.OK)
                .setSeverity(Severity.INFO)
                .setControlId(control)
                .build());
  }
}
