package dev.vigil.redactionrules;

import dev.vigil.schemas.avro.CheckStatus;
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
import dev.vigil.schemas.event.SampleEvents;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The events of the redaction tests: {@link SampleEvents} envelopes with PII-bearing payloads and
 * ids derived from the content (documentation addresses only: RFC 5737, RFC 3849, RFC 2606).
 */
public final class Events {
  private Events() {}

  public static SecuritySignal security(
      String user, String srcIp, String message, Map<String, String> attributes) {
    return SampleEvents.security(
            "payments",
            "primary",
            "suricata-eu1",
            Instant.parse("2026-03-02T08:15:04.250Z"),
            Signal.newBuilder()
                .setOrigin(SignalOrigin.SURICATA)
                .setSeverity(Severity.HIGH)
                .setCategory("A Network Trojan was detected")
                .setSignature("ET TROJAN IRC C2")
                .setSrcIp(srcIp)
                .setDstIp("198.51.100.7")
                .setUser(user)
                .setHost("ws-17.example.com")
                .setMessage(message)
                .setAttributes(new HashMap<>(attributes))
                .build())
        .setEventId(UUID.nameUUIDFromBytes((user + srcIp + message).getBytes()))
        .build();
  }

  public static HealthCheckResult health(String target, String error) {
    return SampleEvents.health(
            "payments",
            "backup",
            "probe-fra",
            Instant.parse("2026-03-02T08:15:04Z"),
            HealthCheck.newBuilder()
                .setName("https-login")
                .setProbe(ProbeType.HTTP)
                .setTarget(target)
                .setVantage("fra-1")
                .setStatus(CheckStatus.FAIL)
                .setLatencyMs(1234)
                .setStatusCode(503)
                .setError(error)
                .build())
        .setEventId(UUID.nameUUIDFromBytes((target + error).getBytes()))
        .build();
  }

  public static PostureFinding posture(String observed, Map<String, String> details) {
    return SampleEvents.posture(
            "payments",
            "backup",
            "drift-checker",
            Instant.parse("2026-03-02T08:15:04Z"),
            Finding.newBuilder()
                .setCheck(PostureCheck.DRIFT)
                .setStatus(FindingStatus.VIOLATION)
                .setSeverity(Severity.MEDIUM)
                .setControlId("CIS-5.2.4")
                .setExpected("PermitRootLogin no")
                .setObserved(observed)
                .setCertFingerprint(
                    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")
                .setDetails(new HashMap<>(details))
                .build())
        .setEventId(UUID.nameUUIDFromBytes(("" + observed + details).getBytes()))
        .build();
  }
}
