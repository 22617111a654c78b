package dev.vigil.testkit;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.event.SampleEvents;
import java.time.Instant;
import java.util.List;

/**
 * Events as a collector would publish them, for tests that drive the correlator: one HTTP probe
 * result per call, one posture finding per call, each with a fresh event id. The shapes are those
 * of {@link SampleEvents} (schemas), which the benchmarks and the drill use too; tests that need
 * other field values start from its envelopes ({@link SampleEvents#health}, {@link
 * SampleEvents#posture}, {@link SampleEvents#security}).
 */
public final class EventFixtures {
  private EventFixtures() {}

  /**
   * An HTTP health probe of {@code service} at {@code site} from {@code vantage} (source {@code
   * probe-<vantage>}, target {@code https://<site>.example/health}, 12 ms).
   */
  public static HealthCheckResult probe(
      String service, String site, String vantage, CheckStatus status, Instant observedAt) {
    return SampleEvents.probe(service, site, vantage, status, observedAt);
  }

  /**
   * A passing ({@code OK}, {@code INFO}) posture finding of {@code check} for {@code service} at
   * {@code site}, source {@code posture}; the builder lets a test change status or severity.
   */
  public static PostureFinding.Builder finding(
      String service, String site, PostureCheck check, String control, Instant observedAt) {
    return SampleEvents.finding(service, site, check, control, observedAt);
  }

  /** An OK IDS heartbeat of {@code service} at {@code site}. */
  public static PostureFinding heartbeat(String service, String site, Instant observedAt) {
    return SampleEvents.heartbeat(service, site, observedAt);
  }

  /** Drift, certificate and key-version findings that let every posture gate pass. */
  public static List<PostureFinding> goodPosture(String service, String site, Instant now) {
    return SampleEvents.goodPosture(service, site, now);
  }

  /** A Suricata intrusion signal of {@code severity} about {@code service} at {@code site}. */
  public static SecuritySignal intrusion(
      String service, String site, Severity severity, Instant observedAt) {
    return SampleEvents.intrusion(service, site, severity, observedAt).build();
  }
}
