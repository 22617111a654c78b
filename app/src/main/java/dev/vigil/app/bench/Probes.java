package dev.vigil.app.bench;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.HealthCheck;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.ProbeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Health-probe results as the collectors write them, for the failover benchmark. */
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
}
