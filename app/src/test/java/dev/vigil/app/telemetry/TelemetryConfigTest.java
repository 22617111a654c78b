package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TelemetryConfigTest {

  @Test
  void shouldFillDefaultsForNullOptionalFields() {
    // When
    TelemetryConfig config = new TelemetryConfig("vigil-ingest", null, 0, null, null, null);

    // Then
    assertThat(config.prometheusHost()).isEqualTo("127.0.0.1");
    assertThat(config.otlpEndpoint()).isEmpty();
    assertThat(config.otlpProtocol()).isEqualTo("http/protobuf");
    assertThat(config.exportInterval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shouldUseTheDocumentedDefaults() {
    TelemetryConfig config = TelemetryConfig.defaults("vigil-streams");

    assertThat(config.serviceName()).isEqualTo("vigil-streams");
    assertThat(config.prometheusHost()).isEqualTo("127.0.0.1");
    assertThat(config.prometheusPort()).isEqualTo(TelemetryConfig.PICK_FREE_PORT);
    assertThat(config.otlpEndpoint()).isEmpty();
  }

  @Test
  void shouldNameServiceNameWhenItIsBlank() {
    assertThatThrownBy(() -> TelemetryConfig.defaults(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("telemetry.serviceName must not be blank");
  }

  @Test
  void shouldNamePrometheusHostWhenItIsBlank() {
    assertThatThrownBy(() -> new TelemetryConfig("s", "  ", 0, Optional.empty(), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("telemetry.prometheusHost must not be blank");
  }

  @Test
  void shouldNamePrometheusPortWhenItIsOutOfRange() {
    assertThatThrownBy(() -> TelemetryConfig.defaults("s").withPrometheusPort(70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("telemetry.prometheusPort ")
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> TelemetryConfig.defaults("s").withPrometheusPort(-2))
        .hasMessageStartingWith("telemetry.prometheusPort ");
  }

  @Test
  void shouldAcceptDisabledAndPickFreePorts() {
    assertThat(TelemetryConfig.defaults("s").withPrometheusPort(-1).prometheusPort()).isEqualTo(-1);
    assertThat(TelemetryConfig.defaults("s").withPrometheusPort(0).prometheusPort()).isZero();
  }

  @Test
  void shouldNameOtlpEndpointWhenItIsNotHttp() {
    assertThatThrownBy(
            () -> TelemetryConfig.defaults("s").withOtlpEndpoint(URI.create("ftp://h:4318")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("telemetry.otlpEndpoint must be an http:// or https:// URL");
    assertThatThrownBy(() -> TelemetryConfig.defaults("s").withOtlpEndpoint(URI.create("h:4318")))
        .hasMessageStartingWith("telemetry.otlpEndpoint ");
  }

  @Test
  void shouldRejectCredentialsInTheOtlpEndpointWithoutEchoingThem() {
    assertThatThrownBy(
            () ->
                TelemetryConfig.defaults("s")
                    .withOtlpEndpoint(URI.create("http://user:s3cret@h:4318")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("telemetry.otlpEndpoint must not carry user info")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void shouldNameOtlpProtocolWhenItIsNotHttpProtobuf() {
    assertThatThrownBy(() -> new TelemetryConfig("s", null, 0, Optional.empty(), "grpc", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("telemetry.otlpProtocol must be http/protobuf, got grpc");
  }

  @Test
  void shouldNameExportIntervalWhenItIsNotPositive() {
    assertThatThrownBy(() -> TelemetryConfig.defaults("s").withExportInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("telemetry.exportInterval must be positive");
  }

  @Test
  void shouldKeepAPathPrefixWhenResolvingSignalEndpoints() {
    assertThat(OtlpExporters.resolve(URI.create("http://127.0.0.1:4318"), "v1/metrics"))
        .isEqualTo("http://127.0.0.1:4318/v1/metrics");
    assertThat(OtlpExporters.resolve(URI.create("https://c.example/otel/"), "v1/traces"))
        .isEqualTo("https://c.example/otel/v1/traces");
  }
}
