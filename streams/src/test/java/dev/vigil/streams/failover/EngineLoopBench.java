package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.HealthCheck;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.ProbeType;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.GatesConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Single-thread cost of the correlator's per-event work outside Kafka (what {@code
 * FailoverProcessor.process} does for a background PASS: decide, encode the state), over the
 * workload of {@code vigil bench failover}: 500 services x 2 sites x 3 vantages, PASS round robin.
 * A development tool for the per-event CPU, not a substitute for the real-broker bench. Run:
 *
 * <pre>
 * mvn -q -pl streams -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/vigil-st.cp
 * java -cp "$(cat /tmp/vigil-st.cp):streams/target/classes:streams/target/test-classes" \
 *   dev.vigil.streams.failover.EngineLoopBench [seconds]
 * </pre>
 */
public final class EngineLoopBench {
  private EngineLoopBench() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> services = new ArrayList<>();
    Map<String, ServiceConfig> sc = new LinkedHashMap<>();
    for (int i = 0; i < 500; i++) {
      String s = String.format("svc-%04d", i);
      services.add(s);
      sc.put(s, ServiceConfig.of("primary", "dr", 2, 3, 2, "60s"));
    }
    // as the real bench: the gates that need posture evidence are off, drift and intrusion on
    GatesConfig gates =
        GatesConfig.of(
            null,
            GatesConfig.IdsHeartbeat.of(false, null),
            GatesConfig.Certificate.of(false, null, null),
            GatesConfig.KeySync.of(false),
            null);
    FailoverConfig config =
        FailoverConfig.of(List.of("primary", "dr"), sc, FailoverPolicy.defaults(), gates);
    FailoverEngine engine = new FailoverEngine(config);
    String[] sites = {"primary", "dr"};
    String[] vantages = {"v1", "v2", "v3"};
    for (int round = 0; round < 3; round++) {
      Map<String, ServiceState> live = new HashMap<>();
      long n = 0;
      long bytes = 0;
      long encodeNanos = 0;
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      Instant t = Instant.parse("2026-03-02T08:00:00Z");
      outer:
      while (true) {
        for (String s : services) {
          for (String site : sites) {
            for (String v : vantages) {
              t = t.plusMillis(1);
              HealthCheckResult r = result(s, site, v, t);
              Decision d = engine.onEvent(live.remove(s), r, t, false);
              long e0 = System.nanoTime();
              bytes += ServiceStateCodec.toBytes(d.state()).length;
              encodeNanos += System.nanoTime() - e0;
              live.put(s, d.state());
              n++;
            }
          }
          if (System.nanoTime() > end) {
            break outer;
          }
        }
      }
      double secs = (System.nanoTime() - start) / 1e9;
      if (round == 0 && Boolean.getBoolean("dump")) {
        System.out.println(
            new String(
                ServiceStateCodec.toBytes(live.values().iterator().next()),
                java.nio.charset.StandardCharsets.UTF_8));
      }
      System.out.printf(
          "round %d: %,.0f events/s (%.1f us/event, of which state encode %.1f us, %d bytes/state)%n",
          round, n / secs, secs * 1e6 / n, encodeNanos / 1e3 / n, bytes / n);
    }
  }

  private static HealthCheckResult result(String service, String site, String vantage, Instant t) {
    return HealthCheckResult.newBuilder()
        .setEventId(UUID.randomUUID())
        .setKind(EventKind.HEALTH)
        .setSite(site)
        .setService(service)
        .setSource("probe-" + vantage)
        .setObservedAt(t)
        .setCheck(
            HealthCheck.newBuilder()
                .setName("https-health")
                .setProbe(ProbeType.HTTP)
                .setTarget("https://" + service + "." + site + ".example/health")
                .setVantage(vantage)
                .setStatus(CheckStatus.PASS)
                .setLatencyMs(12L)
                .setStatusCode(200)
                .build())
        .build();
  }
}
