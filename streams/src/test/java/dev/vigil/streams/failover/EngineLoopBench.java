package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.HealthCheck;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.ProbeType;
import dev.vigil.schemas.event.SampleEvents;
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

/**
 * Single-thread cost of the correlator's per-event work outside Kafka (what {@code
 * FailoverProcessor.process} does for a background PASS: decide, encode the state), over the
 * workload of {@code vigil bench failover}: 500 services x 2 sites x 3 vantages, every gate on with
 * posture evidence, PASS round robin; then the heap held per live service. A development tool for
 * the per-event CPU, not a substitute for the real-broker bench. Run:
 *
 * <pre>
 * mvn -q -pl streams -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/vigil-st.cp
 * java -cp "$(cat /tmp/vigil-st.cp):streams/target/classes:streams/target/test-classes" \
 *   dev.vigil.streams.failover.EngineLoopBench [seconds [services [service|site]]]
 * </pre>
 *
 * <p>The third argument says where the posture lives: {@code service} (default) sends every service
 * its own findings; {@code site} sends one set of SITE-scoped findings per site into the scope
 * table that every service's gates read.
 */
public final class EngineLoopBench {
  private EngineLoopBench() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    boolean siteWide = args.length > 2 && args[2].equals("site");
    List<String> services = new ArrayList<>();
    Map<String, ServiceConfig> sc = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String s = String.format("svc-%04d", i);
      services.add(s);
      sc.put(s, ServiceConfig.of("primary", "dr", 2, 3, 2, "60s"));
    }
    // as `vigil bench failover`: every gate on, each service and site with good posture evidence
    FailoverConfig config =
        FailoverConfig.of(
            List.of("primary", "dr"), sc, FailoverPolicy.defaults(), GatesConfig.defaults());
    FailoverEngine engine = new FailoverEngine(config);
    String[] sites = {"primary", "dr"};
    String[] vantages = {"v1", "v2", "v3"};
    Map<String, SiteState> table = new HashMap<>();
    ScopeEvidence scopes = siteWide ? sitePosture(engine, sites, table) : ScopeEvidence.NONE;
    System.out.printf(
        "%d services, posture %s%n", count, siteWide ? "site-wide (scope table)" : "per service");
    for (int round = 0; round < 3; round++) {
      Map<String, ServiceState> live =
          siteWide ? new HashMap<>() : withPosture(engine, services, sites);
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
              Decision d = engine.onEvent(live.remove(s), r, t, false, scopes);
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
    memory(engine, services, sites, siteWide ? scopes : null);
  }

  /** One set of good SITE-scoped posture per site, recorded into {@code table}. */
  private static ScopeEvidence sitePosture(
      FailoverEngine engine, String[] sites, Map<String, SiteState> table) {
    Instant t = Instant.parse("2026-03-02T07:59:00Z");
    for (String site : sites) {
      for (PostureFinding f : posture("", site, t)) {
        f.setScope(dev.vigil.schemas.avro.EvidenceScope.SITE);
        table.put(site, engine.recordScoped(table.get(site), f, t));
      }
    }
    return ScopeEvidence.of(table);
  }

  /** Every service with an IDS heartbeat, a certificate and a key version on both sites. */
  private static Map<String, ServiceState> withPosture(
      FailoverEngine engine, List<String> services, String[] sites) {
    Map<String, ServiceState> live = new HashMap<>();
    Instant t = Instant.parse("2026-03-02T07:59:00Z");
    for (String s : services) {
      for (String site : sites) {
        for (PostureFinding f : posture(s, site, t)) {
          live.put(s, engine.onEvent(live.remove(s), f, t, false, ScopeEvidence.NONE).state());
        }
      }
    }
    return live;
  }

  /** Heap held per live service (decoded state, stored bytes, last snapshot), by difference. */
  static void memory(
      FailoverEngine engine, List<String> services, String[] sites, ScopeEvidence siteWide) {
    long before = usedAfterGc();
    ScopeEvidence scopes = siteWide == null ? ScopeEvidence.NONE : siteWide;
    Map<String, ServiceState> live =
        siteWide == null ? withPosture(engine, services, sites) : new HashMap<>();
    Instant t = Instant.parse("2026-03-02T08:00:00Z");
    for (int round = 0; round < 3; round++) {
      for (String s : services) {
        for (String site : sites) {
          for (String v : new String[] {"v1", "v2", "v3"}) {
            t = t.plusMillis(1);
            ServiceState st =
                engine.onEvent(live.remove(s), result(s, site, v, t), t, false, scopes).state();
            st.stored = ServiceStateCodec.toBytes(st);
            live.put(s, st);
          }
        }
      }
    }
    long after = usedAfterGc();
    System.out.printf(
        "memory: %,d bytes per live service (%d services, %,d bytes held)%n",
        (after - before) / live.size(), live.size(), after - before);
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static List<PostureFinding> posture(String service, String site, Instant t) {
    PostureFinding cert = finding(service, site, PostureCheck.CERTIFICATE, "tls-main", t);
    cert.getFinding().setNotAfter(t.plus(java.time.Duration.ofDays(90)));
    cert.getFinding().setCertFingerprint("AA:BB:CC");
    PostureFinding key = finding(service, site, PostureCheck.KEY_VERSION, "keys", t);
    key.getFinding().setKeyId("k1");
    key.getFinding().setKeyVersion("7");
    return List.of(
        finding(service, site, PostureCheck.IDS_HEARTBEAT, "ids", t),
        finding(service, site, PostureCheck.DRIFT, "baseline", t),
        cert,
        key);
  }

  private static PostureFinding finding(
      String service, String site, PostureCheck check, String control, Instant t) {
    return SampleEvents.finding(service, site, check, control, t).build();
  }

  private static HealthCheckResult result(String service, String site, String vantage, Instant t) {
    return SampleEvents.health(
            service,
            site,
            "probe-" + vantage,
            t,
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
