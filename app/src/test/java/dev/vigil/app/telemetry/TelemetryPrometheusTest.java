package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TelemetryPrometheusTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static TelemetryConfig onFreePort() {
    return new TelemetryConfig("vigil-test", "127.0.0.1", 0, Optional.empty(), null, null);
  }

  @Test
  void shouldExposeACounterOnThePrometheusEndpoint() throws Exception {
    try (Telemetry telemetry = Telemetry.start(onFreePort())) {
      // Given
      telemetry
          .openTelemetry()
          .getMeter("dev.vigil.test")
          .counterBuilder("vigil.test.events")
          .build()
          .add(1, Attributes.of(AttributeKey.stringKey("stage"), "x"));

      // When
      URI endpoint = telemetry.prometheusEndpoint().orElseThrow();
      HttpResponse<String> response = get(endpoint);

      // Then
      assertThat(endpoint.toString()).matches("http://127\\.0\\.0\\.1:\\d+/metrics");
      assertThat(endpoint.getPort()).isPositive();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .containsPattern("(?m)^vigil_test_events_total\\{[^}]*stage=\"x\"[^}]*\\} 1\\.0$")
          .containsPattern("(?m)^target_info\\{[^}]*service_name=\"vigil-test\"");
    }
  }

  @Test
  void shouldReleaseThePortOnClose() throws Exception {
    // Given
    Telemetry telemetry = Telemetry.start(onFreePort());
    int port = telemetry.prometheusEndpoint().orElseThrow().getPort();

    // When
    telemetry.close();

    // Then
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
    assertThatThrownBy(() -> get(URI.create("http://127.0.0.1:" + port + "/metrics")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shouldBindTheConfiguredPort() throws Exception {
    // Given
    int port = PrometheusEndpoint.freePort("127.0.0.1");

    // When
    try (Telemetry telemetry = Telemetry.start(onFreePort().withPrometheusPort(port))) {
      // Then
      assertThat(telemetry.prometheusEndpoint())
          .contains(URI.create("http://127.0.0.1:" + port + "/metrics"));
      assertThat(get(telemetry.prometheusEndpoint().orElseThrow()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldFailFastWhenTheConfiguredPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      TelemetryConfig config = onFreePort().withPrometheusPort(taken.getLocalPort());

      assertThatThrownBy(() -> Telemetry.start(config))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("telemetry.prometheusPort: cannot bind");
    }
  }

  @Test
  void shouldServeNoEndpointWhenPrometheusIsDisabled() {
    try (Telemetry telemetry = Telemetry.start(onFreePort().withPrometheusPort(-1))) {
      assertThat(telemetry.prometheusEndpoint()).isEmpty();
    }
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
