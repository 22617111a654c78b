package dev.vigil.ingest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.ingest.TestTls;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.HealthCheck;
import dev.vigil.schemas.avro.ProbeType;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProberTest {
  static final Instant NOW = Instant.parse("2026-11-27T10:00:00.123456Z");
  final Prober prober = new Prober(Clock.fixed(NOW, ZoneOffset.UTC), "edge-1");
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void shouldPassWhenTheServerAnswersAnExpectedStatus() throws Exception {
    // Given a server answering 200
    String url = serve(HttpServer.create(loopback(), 0), 200, 0);

    // When probed
    ProbeResult result = prober.run(ProbeSpec.http("shop", "primary", "vp-a", url));

    // Then PASS with status code, envelope and no error
    HealthCheck check = result.health().getCheck();
    assertThat(check.getStatus()).isEqualTo(CheckStatus.PASS);
    assertThat(check.getStatusCode()).isEqualTo(200);
    assertThat(check.getError()).isNull();
    assertThat(check.getProbe()).isEqualTo(ProbeType.HTTP);
    assertThat(check.getTarget()).isEqualTo(url);
    assertThat(check.getVantage()).isEqualTo("vp-a");
    assertThat(check.getName()).isEqualTo("http:" + url);
    assertThat(check.getLatencyMs()).isBetween(0L, 5000L);
    assertThat(result.health().getSite()).isEqualTo("primary");
    assertThat(result.health().getService()).isEqualTo("shop");
    assertThat(result.health().getSource()).isEqualTo("edge-1");
    assertThat(result.health().getObservedAt())
        .isEqualTo(Instant.parse("2026-11-27T10:00:00.123Z"));
    assertThat(result.certificate()).isEmpty();
  }

  @Test
  void shouldFailOnA5xxAndOnAStatusOutsideTheExpectedOnes() throws Exception {
    // Given a server answering 503
    String url = serve(HttpServer.create(loopback(), 0), 503, 0);

    // When probed with the default expectation, and with 503 expected explicitly
    HealthCheck fail =
        prober.run(ProbeSpec.http("shop", "primary", "vp-a", url)).health().getCheck();
    HealthCheck ok =
        prober
            .run(ProbeSpec.http("shop", "primary", "vp-a", url).withExpectStatus(List.of(503)))
            .health()
            .getCheck();

    // Then FAIL naming the status, and PASS when 503 is what was asked for
    assertThat(fail.getStatus()).isEqualTo(CheckStatus.FAIL);
    assertThat(fail.getStatusCode()).isEqualTo(503);
    assertThat(fail.getError()).isEqualTo("unexpected status 503");
    assertThat(ok.getStatus()).isEqualTo(CheckStatus.PASS);
  }

  @Test
  void shouldFailWhenTheConnectionIsRefused() throws Exception {
    // Given a port nobody listens on
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, loopback().getAddress())) {
      port = s.getLocalPort();
    }

    // When probed over HTTP and TCP
    HealthCheck http =
        prober
            .run(ProbeSpec.http("shop", "primary", "vp-a", "http://127.0.0.1:" + port + "/"))
            .health()
            .getCheck();
    HealthCheck tcp =
        prober
            .run(ProbeSpec.tcp("shop", "primary", "vp-a", "127.0.0.1:" + port))
            .health()
            .getCheck();

    // Then both FAIL with "connection refused" and no status code
    assertThat(http.getStatus()).isEqualTo(CheckStatus.FAIL);
    assertThat(http.getError()).isEqualTo("connection refused");
    assertThat(http.getStatusCode()).isNull();
    assertThat(tcp.getStatus()).isEqualTo(CheckStatus.FAIL);
    assertThat(tcp.getError()).isEqualTo("connection refused");
    assertThat(tcp.getProbe()).isEqualTo(ProbeType.TCP);
  }

  @Test
  void shouldPassATcpConnectToAListeningSocket() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 10, loopback().getAddress())) {
      HealthCheck tcp =
          prober
              .run(ProbeSpec.tcp("db", "backup", "vp-b", "127.0.0.1:" + s.getLocalPort()))
              .health()
              .getCheck();
      assertThat(tcp.getStatus()).isEqualTo(CheckStatus.PASS);
      assertThat(tcp.getError()).isNull();
      assertThat(tcp.getTarget()).isEqualTo("127.0.0.1:" + s.getLocalPort());
    }
  }

  @Test
  void shouldWarnWhenSlowerThanTheThresholdAndFailWhenSlowerThanTheTimeout() throws Exception {
    // Given a server that takes 400 ms
    String url = serve(HttpServer.create(loopback(), 0), 200, 400);
    ProbeSpec spec = ProbeSpec.http("shop", "primary", "vp-a", url);

    // When probed with a 100 ms warn threshold, and with a 150 ms timeout
    HealthCheck slow =
        prober
            .run(
                spec.withTiming(
                    Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMillis(100)))
            .health()
            .getCheck();
    HealthCheck timedOut =
        prober
            .run(
                spec.withTiming(
                    Duration.ofSeconds(10), Duration.ofMillis(150), Duration.ofMillis(100)))
            .health()
            .getCheck();

    // Then WARN with the measured latency, and FAIL with a timeout
    assertThat(slow.getStatus()).isEqualTo(CheckStatus.WARN);
    assertThat(slow.getStatusCode()).isEqualTo(200);
    assertThat(slow.getLatencyMs()).isGreaterThanOrEqualTo(400L);
    assertThat(timedOut.getStatus()).isEqualTo(CheckStatus.FAIL);
    assertThat(timedOut.getError()).isEqualTo("timeout after 150 ms");
  }

  @Test
  void shouldReportTheServerCertificateOfAnHttpsTarget(@TempDir Path dir) throws Exception {
    // Given an HTTPS server with a keytool certificate, trusted through its PEM
    TestTls tls = TestTls.create(dir, "shop.primary", 30);
    HttpsServer https = HttpsServer.create(loopback(), 0);
    https.setHttpsConfigurator(tls.configurator());
    String url = serve(https, 200, 0).replace("http://", "https://");

    // When probed (generous timing: a TLS handshake on a loaded CI machine is not "slow" here)
    ProbeResult result =
        prober.run(
            ProbeSpec.http("shop", "primary", "vp-a", url)
                .withCaFile(tls.pem())
                .withTiming(
                    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(20)));

    // Then PASS and the certificate's subject, expiry and SHA-256 fingerprint
    assertThat(result.health().getCheck().getStatus()).isEqualTo(CheckStatus.PASS);
    CertificateInfo cert = result.certificate().orElseThrow();
    assertThat(cert.subject()).isEqualTo("CN=shop.primary,O=Vigil Test");
    assertThat(cert.notAfter()).isEqualTo(tls.certificate().getNotAfter().toInstant());
    assertThat(cert.sha256())
        .isEqualTo(CertificateInfo.fingerprint(tls.certificate()))
        .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
  }

  @Test
  void shouldFailAnUntrustedCertificateButStillReportIt(@TempDir Path dir) throws Exception {
    // Given an HTTPS server whose self-signed certificate the JDK trust store does not know
    TestTls tls = TestTls.create(dir, "rogue", 30);
    HttpsServer https = HttpsServer.create(loopback(), 0);
    https.setHttpsConfigurator(tls.configurator());
    String url = serve(https, 200, 0).replace("http://", "https://");

    // When probed without the PEM
    ProbeResult result = prober.run(ProbeSpec.http("shop", "primary", "vp-a", url));

    // Then FAIL with a TLS error, and the certificate is still known
    assertThat(result.health().getCheck().getStatus()).isEqualTo(CheckStatus.FAIL);
    assertThat(result.health().getCheck().getError()).startsWith("TLS: ");
    assertThat(result.certificate().orElseThrow().subject()).isEqualTo("CN=rogue,O=Vigil Test");
  }

  private String serve(HttpServer s, int status, long delayMs) {
    server = s;
    server.createContext(
        "/",
        ex -> {
          try {
            Thread.sleep(delayMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.getRequestBody().readAllBytes();
          byte[] body = "ok".getBytes();
          ex.sendResponseHeaders(status, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress("127.0.0.1", 0);
  }
}
