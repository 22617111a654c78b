package dev.vigil.ingest.posture;

import dev.vigil.ingest.probe.CertificateInfo;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Judges one certificate: VIOLATION when it expires within {@code margin} (or already has), is not
 * yet valid, or its SHA-256 fingerprint differs from the pinned one. The finding carries {@code
 * cert_fingerprint} and {@code not_after} either way, so the correlator can compare sites.
 */
public final class CertificateCheck {
  private CertificateCheck() {}

  public static Finding evaluate(
      String controlId,
      CertificateInfo cert,
      Optional<String> expectedFingerprint,
      Duration margin,
      Instant now) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("subject", cert.subject());
    details.put("issuer", cert.issuer());
    details.put("not_before", cert.notBefore().toString());
    details.put("margin_days", Long.toString(margin.toDays()));
    String reason = null;
    Severity severity = Severity.INFO;
    Optional<String> pinned = expectedFingerprint.map(CertificateInfo::normaliseFingerprint);
    if (pinned.isPresent() && !pinned.get().equals(cert.sha256())) {
      reason = "fingerprint differs from the pinned one";
      severity = Severity.HIGH;
    } else if (!now.isBefore(cert.notAfter())) {
      reason = "expired";
      severity = Severity.CRITICAL;
    } else if (now.isBefore(cert.notBefore())) {
      reason = "not yet valid";
      severity = Severity.HIGH;
    } else if (now.plus(margin).isAfter(cert.notAfter())) {
      reason = "expires within the margin";
      severity = Severity.MEDIUM;
    }
    if (reason != null) {
      details.put("reason", reason);
    }
    return Finding.newBuilder()
        .setCheck(PostureCheck.CERTIFICATE)
        .setStatus(reason == null ? FindingStatus.OK : FindingStatus.VIOLATION)
        .setSeverity(severity)
        .setControlId(controlId)
        .setExpected(pinned.orElse(null))
        .setObserved(cert.sha256())
        .setCertFingerprint(cert.sha256())
        .setNotAfter(cert.notAfter().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
        .setDetails(details)
        .build();
  }
}
