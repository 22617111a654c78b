package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelemetryOtlpTest {

  /** One POST seen by the fake collector. */
  private record Received(String path, String contentType, byte[] body) {
    String bodyLatin1() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  private final BlockingQueue<Received> metrics = new LinkedBlockingQueue<>();
  private final BlockingQueue<Received> traces = new LinkedBlockingQueue<>();
  private HttpServer collector;

  @BeforeEach
  void startCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/v1/metrics", exchange -> record(exchange, metrics));
    collector.createContext("/v1/traces", exchange -> record(exchange, traces));
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  @Test
  void shouldExportMetricsAndSpansAsProtobufOverHttp() throws Exception {
    // Given
    URI endpoint = URI.create("http://127.0.0.1:" + collector.getAddress().getPort());
    TelemetryConfig config =
        new TelemetryConfig(
            "vigil-otlp-test", null, -1, Optional.of(endpoint), null, Duration.ofMinutes(10));
    try (Telemetry telemetry = Telemetry.start(config)) {
      telemetry
          .openTelemetry()
          .getMeter("dev.vigil.test")
          .counterBuilder("vigil.test.events")
          .build()
          .add(3, Attributes.of(AttributeKey.stringKey("stage"), "x"));
      telemetry
          .openTelemetry()
          .getTracer("dev.vigil.test")
          .spanBuilder("vigil-op")
          .startSpan()
          .end();

      // When
      assertThat(telemetry.forceFlush(Duration.ofSeconds(10))).isTrue();

      // Then
      Received metric = metrics.poll(5, TimeUnit.SECONDS);
      assertThat(metric).isNotNull();
      assertThat(metric.path()).isEqualTo("/v1/metrics");
      assertThat(metric.contentType()).isEqualTo("application/x-protobuf");
      assertThat(metric.bodyLatin1()).contains("vigil.test.events", "vigil-otlp-test", "stage");
      Received trace = traces.poll(5, TimeUnit.SECONDS);
      assertThat(trace).isNotNull();
      assertThat(trace.path()).isEqualTo("/v1/traces");
      assertThat(trace.contentType()).isEqualTo("application/x-protobuf");
      assertThat(trace.bodyLatin1()).contains("vigil-op", "vigil-otlp-test");
    }
  }

  @Test
  void shouldShipTheJdkSenderAndNotOkHttp() {
    assertThatThrownBy(() -> Class.forName("okhttp3.OkHttpClient"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(
            () -> Class.forName("io.opentelemetry.exporter.sender.okhttp.internal.OkHttpSender"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  private static void record(HttpExchange exchange, BlockingQueue<Received> into)
      throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    if ("POST".equals(exchange.getRequestMethod())) {
      into.add(
          new Received(
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              body));
    }
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }
}
