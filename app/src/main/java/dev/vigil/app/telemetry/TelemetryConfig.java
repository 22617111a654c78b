package dev.vigil.app.telemetry;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of {@link Telemetry}, validated once here; every error names the offending field.
 *
 * @param serviceName value of the {@code service.name} resource attribute, e.g. {@code
 *     vigil-ingest}
 * @param prometheusHost address the scrape endpoint binds to; null means {@value #DEFAULT_HOST}
 * @param prometheusPort scrape port: 1..65535, {@value #PICK_FREE_PORT} to pick a free one, or
 *     {@value #DISABLED} for no scrape endpoint
 * @param otlpEndpoint OTLP/HTTP base URL such as {@code http://127.0.0.1:4318}; {@code /v1/metrics}
 *     and {@code /v1/traces} are appended. Empty (or null) disables OTLP export
 * @param otlpProtocol only {@value #PROTOCOL_HTTP_PROTOBUF}; null means that
 * @param exportInterval OTLP metric export interval; null means {@link #DEFAULT_EXPORT_INTERVAL}
 */
public record TelemetryConfig(
    String serviceName,
    String prometheusHost,
    int prometheusPort,
    Optional<URI> otlpEndpoint,
    String otlpProtocol,
    Duration exportInterval) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int PICK_FREE_PORT = 0;

  /**
   * A free port, published in {@code endpoints.json}: several instances on one machine never
   * collide (Prometheus' conventional 9464 is one {@code telemetry.prometheusPort} away).
   */
  public static final int DEFAULT_PROMETHEUS_PORT = PICK_FREE_PORT;

  public static final int DISABLED = -1;
  public static final String PROTOCOL_HTTP_PROTOBUF = "http/protobuf";
  public static final Duration DEFAULT_EXPORT_INTERVAL = Duration.ofSeconds(60);

  public TelemetryConfig {
    if (serviceName == null || serviceName.isBlank()) {
      throw invalid("serviceName", "must not be blank");
    }
    prometheusHost = prometheusHost == null ? DEFAULT_HOST : prometheusHost.strip();
    if (prometheusHost.isEmpty()) {
      throw invalid("prometheusHost", "must not be blank");
    }
    if (prometheusPort < DISABLED || prometheusPort > 65_535) {
      throw invalid(
          "prometheusPort",
          "must be -1 (disabled), 0 (pick a free port) or 1..65535, got " + prometheusPort);
    }
    otlpEndpoint = otlpEndpoint == null ? Optional.empty() : otlpEndpoint;
    otlpEndpoint.ifPresent(TelemetryConfig::checkOtlpEndpoint);
    otlpProtocol = otlpProtocol == null ? PROTOCOL_HTTP_PROTOBUF : otlpProtocol;
    if (!PROTOCOL_HTTP_PROTOBUF.equals(otlpProtocol)) {
      throw invalid("otlpProtocol", "must be " + PROTOCOL_HTTP_PROTOBUF + ", got " + otlpProtocol);
    }
    exportInterval = exportInterval == null ? DEFAULT_EXPORT_INTERVAL : exportInterval;
    if (exportInterval.isNegative() || exportInterval.isZero()) {
      throw invalid("exportInterval", "must be positive, got " + exportInterval);
    }
  }

  /** Defaults: scrape endpoint on 127.0.0.1, a free port, no OTLP, 60 s export interval. */
  public static TelemetryConfig defaults(String serviceName) {
    return new TelemetryConfig(
        serviceName, DEFAULT_HOST, DEFAULT_PROMETHEUS_PORT, Optional.empty(), null, null);
  }

  public TelemetryConfig withPrometheusPort(int port) {
    return new TelemetryConfig(
        serviceName, prometheusHost, port, otlpEndpoint, otlpProtocol, exportInterval);
  }

  public TelemetryConfig withOtlpEndpoint(URI endpoint) {
    return new TelemetryConfig(
        serviceName,
        prometheusHost,
        prometheusPort,
        Optional.ofNullable(endpoint),
        otlpProtocol,
        exportInterval);
  }

  public TelemetryConfig withExportInterval(Duration interval) {
    return new TelemetryConfig(
        serviceName, prometheusHost, prometheusPort, otlpEndpoint, otlpProtocol, interval);
  }

  private static void checkOtlpEndpoint(URI endpoint) {
    String scheme = endpoint.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw invalid("otlpEndpoint", "must be an http:// or https:// URL");
    }
    if (endpoint.getHost() == null) {
      throw invalid("otlpEndpoint", "must name a host");
    }
    // Credentials belong in headers read from a secret file, never in a URL that ends up in logs.
    if (endpoint.getRawUserInfo() != null) {
      throw invalid("otlpEndpoint", "must not carry user info");
    }
    if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
      throw invalid("otlpEndpoint", "must not have a query or fragment");
    }
  }

  private static IllegalArgumentException invalid(String field, String problem) {
    return new IllegalArgumentException("telemetry." + field + " " + problem);
  }
}
