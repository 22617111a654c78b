package dev.vigil.schemas.event;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.HealthCheck;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.ProbeType;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one place that builds events as the collectors write them, for whatever needs plausible
 * events without a collector: tests (through testkit's {@code EventFixtures}), the benchmarks and
 * the failover drill. Not used on the ingest path itself (the collectors build their own events
 * from what they observe).
 *
 * <p>The envelopes ({@link #health}, {@link #posture}, {@link #security}) set a fresh random event
 * id and the kind and return the builder, so a caller can fix the id, scope or segment. The shapes
 * ({@link #probe}, {@link #finding}, {@link #goodPosture}, {@link #intrusion}) are the ones the
 * failover engine needs; {@link #mix} is the benchmark mix.
 */
public final class SampleEvents {
  /** Key id and version of the key-version finding of {@link #goodPosture}. */
  public static final String KEY_ID = "k1";

  public static final String KEY_VERSION = "7";

  private SampleEvents() {}

  // ---- envelopes ------------------------------------------------------------------------------

  /** A health check result of {@code service} at {@code site}: random event id, kind HEALTH. */
  public static HealthCheckResult.Builder health(
      String service, String site, String source, Instant observedAt, HealthCheck check) {
    return HealthCheckResult.newBuilder()
        .setEventId(UUID.randomUUID())
        .setKind(EventKind.HEALTH)
        .setSite(site)
        .setService(service)
        .setSource(source)
        .setObservedAt(observedAt)
        .setCheck(check);
  }

  /** A posture finding of {@code service} at {@code site}: random event id, kind POSTURE. */
  public static PostureFinding.Builder posture(
      String service, String site, String source, Instant observedAt, Finding finding) {
    return PostureFinding.newBuilder()
        .setEventId(UUID.randomUUID())
        .setKind(EventKind.POSTURE)
        .setSite(site)
        .setService(service)
        .setSource(source)
        .setObservedAt(observedAt)
        .setFinding(finding);
  }

  /** A security signal about {@code service} at {@code site}: random event id, kind SECURITY. */
  public static SecuritySignal.Builder security(
      String service, String site, String source, Instant observedAt, Signal signal) {
    return SecuritySignal.newBuilder()
        .setEventId(UUID.randomUUID())
        .setKind(EventKind.SECURITY)
        .setSite(site)
        .setService(service)
        .setSource(source)
        .setObservedAt(observedAt)
        .setSignal(signal);
  }

  // ---- what the failover engine reads ---------------------------------------------------------

  /**
   * An HTTP health probe of {@code service} at {@code site} from {@code vantage}: check {@code
   * http}, source {@code probe-<vantage>}, target {@code https://<site>.example/health}, 12 ms.
   */
  public static HealthCheckResult probe(
      String service, String site, String vantage, CheckStatus status, Instant observedAt) {
    return health(
            service,
            site,
            "probe-" + vantage,
            observedAt,
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

  /** A passing finding: {@code check} with status OK, severity INFO and control {@code control}. */
  public static Finding.Builder ok(PostureCheck check, String control) {
    return Finding.newBuilder()
        .setCheck(check)
        .setStatus(FindingStatus.OK)
        .setSeverity(Severity.INFO)
        .setControlId(control);
  }

  /**
   * A passing ({@link #ok}) posture finding of {@code check} for {@code service} at {@code site},
   * source {@code posture}; the builder lets a caller change the id, scope or segment.
   */
  public static PostureFinding.Builder finding(
      String service, String site, PostureCheck check, String control, Instant observedAt) {
    return posture(service, site, "posture", observedAt, ok(check, control).build());
  }

  /** An OK IDS heartbeat (control {@code ids}). */
  public static PostureFinding heartbeat(String service, String site, Instant observedAt) {
    return finding(service, site, PostureCheck.IDS_HEARTBEAT, "ids", observedAt).build();
  }

  /**
   * The posture besides the heartbeat that lets every gate pass: the drift check of control {@code
   * baseline} OK, a certificate ({@code tls-main}) valid for 90 days, and key {@link #KEY_ID} at
   * version {@link #KEY_VERSION} (the same on every site).
   */
  public static List<PostureFinding> goodPosture(String service, String site, Instant now) {
    PostureFinding drift = finding(service, site, PostureCheck.DRIFT, "baseline", now).build();
    PostureFinding cert = finding(service, site, PostureCheck.CERTIFICATE, "tls-main", now).build();
    cert.getFinding().setNotAfter(now.plus(Duration.ofDays(90)));
    cert.getFinding().setCertFingerprint("AA:BB:CC");
    PostureFinding key = finding(service, site, PostureCheck.KEY_VERSION, "keys", now).build();
    key.getFinding().setKeyId(KEY_ID);
    key.getFinding().setKeyVersion(KEY_VERSION);
    return List.of(drift, cert, key);
  }

  /**
   * A Suricata signal of {@code severity}, category {@code intrusion}, signature {@code ET EXPLOIT
   * test}, about {@code service} at {@code site} (source {@code suricata}).
   */
  public static SecuritySignal.Builder intrusion(
      String service, String site, Severity severity, Instant observedAt) {
    return security(
        service,
        site,
        "suricata",
        observedAt,
        Signal.newBuilder()
            .setOrigin(SignalOrigin.SURICATA)
            .setSeverity(severity)
            .setCategory("intrusion")
            .setSignature("ET EXPLOIT test")
            .build());
  }

  // ---- the benchmark mix ----------------------------------------------------------------------

  /**
   * Event {@code i} of a realistic mix: 60 % security signals (Suricata-like, with user, IPs,
   * e-mail and URL in free text and attributes), 30 % health results, 10 % posture findings; 16
   * services over two sites.
   */
  public static SpecificRecord mix(int i) {
    int m = i % 10;
    if (m < 6) {
      return mixSignal(i);
    }
    return m < 9 ? mixHealth(i) : mixPosture(i);
  }

  /** The security signal of the mix. */
  public static SecuritySignal mixSignal(int i) {
    return security(
            "svc-" + (i % 16),
            i % 2 == 0 ? "primary" : "backup",
            "suricata-" + (i % 3),
            Instant.now(),
            Signal.newBuilder()
                .setOrigin(SignalOrigin.SURICATA)
                .setSeverity(Severity.MEDIUM)
                .setCategory("Attempted Information Leak")
                .setSignature("ET SCAN Suspicious inbound to mySQL port 3306")
                .setSrcIp("10.0." + (i % 200) + "." + (i % 250))
                .setDstIp("192.168.1." + (i % 250))
                .setUser("user" + (i % 500))
                .setHost("web-" + (i % 20) + ".corp.example")
                .setMessage(
                    "GET /login?next=/account user=user"
                        + (i % 500)
                        + "@example.com from 10.0.0."
                        + (i % 250)
                        + " ua=Mozilla/5.0 status=401")
                .setAttributes(
                    Map.of(
                        "flow_id",
                        Long.toString(1_000_000_000L + i),
                        "proto",
                        "TCP",
                        "src_port",
                        Integer.toString(1024 + i % 60000),
                        "dest_port",
                        "3306",
                        "http.hostname",
                        "shop.example.com",
                        "http.url",
                        "/cart?session=" + Integer.toHexString(i * 7919)))
                .build())
        .build();
  }

  /** The health result of the mix (one in 50 fails). */
  public static HealthCheckResult mixHealth(int i) {
    return health(
            "svc-" + (i % 16),
            i % 2 == 0 ? "primary" : "backup",
            "probe-" + (i % 4),
            Instant.now(),
            HealthCheck.newBuilder()
                .setName("https-root")
                .setProbe(ProbeType.HTTP)
                .setTarget("https://svc-" + (i % 16) + ".primary.example/health")
                .setVantage("vantage-" + (i % 3))
                .setStatus(i % 50 == 0 ? CheckStatus.FAIL : CheckStatus.PASS)
                .setLatencyMs(10L + i % 90)
                .setStatusCode(200)
                .build())
        .build();
  }

  /** The posture finding of the mix. */
  public static PostureFinding mixPosture(int i) {
    return posture(
            "svc-" + (i % 16),
            i % 2 == 0 ? "primary" : "backup",
            "posture-1",
            Instant.now(),
            Finding.newBuilder()
                .setCheck(PostureCheck.DRIFT)
                .setStatus(FindingStatus.OK)
                .setSeverity(Severity.LOW)
                .setControlId("CIS-5.2." + (i % 20))
                .setExpected("PermitRootLogin no")
                .setObserved("PermitRootLogin no")
                .setDetails(Map.of("file", "/etc/ssh/sshd_config"))
                .build())
        .build();
  }
}
