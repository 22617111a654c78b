package dev.vigil.ingest.posture;

import dev.vigil.ingest.event.ScopeRules;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.event.Identifiers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the posture checks of one collector look at, validated once.
 *
 * @param site the site the findings are about
 * @param service the findings' service: required for SERVICE scope, an optional label otherwise
 *     (empty when not configured)
 * @param source the collector id
 * @param baselineFile hardened baseline ({@link Baseline}); loaded and validated at start
 * @param certificates certificates to judge
 * @param keyReport the key-version report
 * @param interval time between two runs of every check
 * @param scope what the findings apply to: the host's checks usually describe the whole site
 * @param segment the segment, exactly for SEGMENT scope
 */
public record PostureSpec(
    String site,
    String service,
    String source,
    Optional<Path> baselineFile,
    List<CertificateTarget> certificates,
    Optional<KeyReportSource> keyReport,
    Duration interval,
    EvidenceScope scope,
    Optional<String> segment) {

  public PostureSpec {
    Identifiers.requireCanonical("site", site);
    Objects.requireNonNull(service, "service");
    Identifiers.requireCanonical("source", source);
    Objects.requireNonNull(scope, "scope");
    segment = Objects.requireNonNullElse(segment, Optional.empty());
    ScopeRules.check(scope, segment, service);
    baselineFile = Objects.requireNonNullElse(baselineFile, Optional.empty());
    certificates = List.copyOf(Objects.requireNonNullElse(certificates, List.of()));
    keyReport = Objects.requireNonNullElse(keyReport, Optional.empty());
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be a positive duration");
    }
  }

  /** Findings about one service (SERVICE scope). */
  public PostureSpec(
      String site,
      String service,
      String source,
      Optional<Path> baselineFile,
      List<CertificateTarget> certificates,
      Optional<KeyReportSource> keyReport,
      Duration interval) {
    this(
        site,
        service,
        source,
        baselineFile,
        certificates,
        keyReport,
        interval,
        EvidenceScope.SERVICE,
        Optional.empty());
  }

  /** True when there is anything to check. */
  public boolean any() {
    return baselineFile.isPresent() || !certificates.isEmpty() || keyReport.isPresent();
  }

  /**
   * One certificate: a PEM file or a TLS endpoint ({@code host:port}), exactly one.
   *
   * @param expectedFingerprint pinned SHA-256 (hex, colons optional)
   * @param margin VIOLATION when it expires within this
   */
  public record CertificateTarget(
      String controlId,
      Optional<Path> pemFile,
      Optional<String> endpoint,
      Optional<String> expectedFingerprint,
      Duration margin) {
    public CertificateTarget {
      if (controlId == null || controlId.isBlank()) {
        throw new IllegalArgumentException("controlId must be set");
      }
      pemFile = Objects.requireNonNullElse(pemFile, Optional.empty());
      endpoint = Objects.requireNonNullElse(endpoint, Optional.empty());
      expectedFingerprint = Objects.requireNonNullElse(expectedFingerprint, Optional.empty());
      if (pemFile.isPresent() == endpoint.isPresent()) {
        throw new IllegalArgumentException("exactly one of file and endpoint must be set");
      }
      expectedFingerprint.ifPresent(dev.vigil.ingest.probe.CertificateInfo::normaliseFingerprint);
      if (margin == null || margin.isNegative()) {
        throw new IllegalArgumentException("margin must be a duration >= 0");
      }
    }
  }

  /**
   * A key-version report: a file, or a command whose stdout is the report (run without a shell).
   */
  public record KeyReportSource(Optional<Path> file, List<String> command, Duration timeout) {
    public KeyReportSource {
      file = Objects.requireNonNullElse(file, Optional.empty());
      command = List.copyOf(Objects.requireNonNullElse(command, List.of()));
      if (file.isPresent() == !command.isEmpty()) {
        throw new IllegalArgumentException("exactly one of file and command must be set");
      }
      Objects.requireNonNull(timeout, "timeout");
    }
  }
}
