package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.app.telemetry.TelemetryConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * Metrics and traces.
 *
 * @param prometheusPort port of the Prometheus scrape endpoint on {@code platform.host}; 0 picks a
 *     free one, -1 disables it
 * @param otlpEndpoint OTLP/HTTP endpoint (e.g. {@code http://127.0.0.1:4318}); empty = no export
 */
public record TelemetrySection(int prometheusPort, Optional<String> otlpEndpoint) {

  @JsonCreator
  static TelemetrySection fromYaml(
      @JsonProperty("prometheusPort") Integer prometheusPort,
      @JsonProperty("otlpEndpoint") Optional<String> otlpEndpoint) {
    return new TelemetrySection(
        Objects.requireNonNullElse(prometheusPort, TelemetryConfig.DEFAULT_PROMETHEUS_PORT),
        Objects.requireNonNullElse(otlpEndpoint, Optional.empty()));
  }

  public TelemetrySection {
    if (prometheusPort < -1 || prometheusPort > 65535) {
      throw new IllegalArgumentException(
          "telemetry.prometheusPort must be -1..65535 but was " + prometheusPort);
    }
    otlpEndpoint.ifPresent(
        e -> {
          if (!e.matches("https?://.+")) {
            throw new IllegalArgumentException(
                "telemetry.otlpEndpoint must be an http(s) URL but was '" + e + "'");
          }
        });
  }

  static TelemetrySection defaults() {
    return fromYaml(null, null);
  }
}
