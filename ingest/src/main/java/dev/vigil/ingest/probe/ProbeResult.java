package dev.vigil.ingest.probe;

import dev.vigil.schemas.avro.HealthCheckResult;
import java.util.Optional;

/**
 * One probe run: the health event, and for HTTPS the server's certificate (which becomes a posture
 * finding; the health schema has no place for it).
 */
public record ProbeResult(HealthCheckResult health, Optional<CertificateInfo> certificate) {}
