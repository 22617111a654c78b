package dev.vigil.bench;

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
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * A realistic mix for benchmarks: 60 % security signals (Suricata-like, with user, IPs, e-mail and
 * URL in free text and attributes), 30 % health results, 10 % posture findings.
 */
final class BenchEvents {
  private BenchEvents() {}

  static SpecificRecord event(int i) {
    int m = i % 10;
    if (m < 6) {
      return signal(i);
    }
    return m < 9 ? health(i) : posture(i);
  }

  static SecuritySignal signal(int i) {
    return SecuritySignal.newBuilder()
        .setEventId(UUID.randomUUID())
        .setKind(EventKind.SECURITY)
        .setSite(i % 2 == 0 ? "primary" : "backup")
        .setService("svc-" + (i % 16))
        .setSource("suricata-" + (i % 3))
        .setObservedAt(Instant.now())
        .setSignal(
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

  static HealthCheckResult health(int i) {
    return HealthCheckResult.newBuilder()
        .setEventId(UUID.randomUUID())
        .setKind(EventKind.HEALTH)
        .setSite(i % 2 == 0 ? "primary" : "backup")
        .setService("svc-" + (i % 16))
        .setSource("probe-" + (i % 4))
        .setObservedAt(Instant.now())
        .setCheck(
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

  static PostureFinding posture(int i) {
    return PostureFinding.newBuilder()
        .setEventId(UUID.randomUUID())
        .setKind(EventKind.POSTURE)
        .setSite(i % 2 == 0 ? "primary" : "backup")
        .setService("svc-" + (i % 16))
        .setSource("posture-1")
        .setObservedAt(Instant.now())
        .setFinding(
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
