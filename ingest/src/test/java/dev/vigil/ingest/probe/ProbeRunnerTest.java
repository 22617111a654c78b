package dev.vigil.ingest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsServer;
import dev.vigil.ingest.TestTls;
import dev.vigil.ingest.spool.AppendResult;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.ingest.spool.SpoolFullException;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeRunnerTest {
  final List<OutgoingEvent> sent = new CopyOnWriteArrayList<>();

  @Test
  void shouldSendHealthKeyedByServiceAndACertificateFindingOnlyWhenItChanges(@TempDir Path dir)
      throws Exception {
    // Given an HTTPS target whose certificate expires in 10 days and a 30-day margin
    TestTls tls = TestTls.create(dir, "pay", 10);
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(tls.configurator());
    https.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    https.start();
    ProbeSpec spec =
        ProbeSpec.http(
                "pay", "backup", "vp-1", "https://localhost:" + https.getAddress().getPort() + "/")
            .withCaFile(tls.pem());
    try (ProbeRunner runner = runner(List.of(spec), Duration.ofDays(30))) {
      // When it runs twice
      runner.runOnce(spec);
      runner.runOnce(spec);
    } finally {
      https.stop(0);
    }

    // Then two health events keyed by service, and one certificate VIOLATION (within the margin)
    List<OutgoingEvent> health =
        sent.stream().filter(e -> e.topic().equals("vigil.health.raw.v1")).toList();
    List<OutgoingEvent> posture =
        sent.stream().filter(e -> e.topic().equals("vigil.posture.raw.v1")).toList();
    assertThat(health).hasSize(2).allMatch(e -> e.key().equals("pay"));
    assertThat(((HealthCheckResult) health.get(0).value()).getCheck().getStatusCode())
        .isEqualTo(204);
    assertThat(posture).hasSize(1);
    PostureFinding finding = (PostureFinding) posture.get(0).value();
    assertThat(finding.getSite()).isEqualTo("backup");
    assertThat(finding.getFinding().getCheck()).isEqualTo(PostureCheck.CERTIFICATE);
    assertThat(finding.getFinding().getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(finding.getFinding().getCertFingerprint())
        .isEqualTo(CertificateInfo.fingerprint(tls.certificate()));
    assertThat(finding.getFinding().getNotAfter())
        .isEqualTo(tls.certificate().getNotAfter().toInstant());
    assertThat(finding.getFinding().getDetails())
        .containsEntry("reason", "expires within the margin")
        .containsEntry("subject", "CN=pay,O=Vigil Test");
  }

  @Test
  void shouldRunEveryProbeRepeatedlyOnItsInterval() throws Exception {
    // Given two TCP probes every 100 ms, one up and one down
    try (ServerSocket up = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      int down;
      try (ServerSocket s = new ServerSocket(0)) {
        down = s.getLocalPort();
      }
      Duration interval = Duration.ofMillis(100);
      ProbeSpec a =
          ProbeSpec.tcp("db", "primary", "vp-1", "127.0.0.1:" + up.getLocalPort())
              .withTiming(interval, Duration.ofSeconds(1), Duration.ofSeconds(1));
      ProbeSpec b =
          ProbeSpec.tcp("db", "backup", "vp-1", "127.0.0.1:" + down)
              .withTiming(interval, Duration.ofSeconds(1), Duration.ofSeconds(1));

      // When the runner runs for a while
      try (ProbeRunner runner = runner(List.of(a, b), Duration.ofDays(30)).start()) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> count("primary") >= 3 && count("backup") >= 3);
      }
    }

    // Then each site got repeated results with its own status
    assertThat(statuses("primary")).containsOnly("PASS");
    assertThat(statuses("backup")).containsOnly("FAIL");
  }

  @Test
  void shouldCountProbeResultsByStatusAndSite() {
    // Given a runner with a metric reader and a probe of a port nobody listens on
    io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader reader =
        io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader.create();
    io.opentelemetry.sdk.OpenTelemetrySdk sdk =
        io.opentelemetry.sdk.OpenTelemetrySdk.builder()
            .setMeterProvider(
                io.opentelemetry.sdk.metrics.SdkMeterProvider.builder()
                    .registerMetricReader(reader)
                    .build())
            .build();
    ProbeSpec spec = ProbeSpec.tcp("db", "backup", "vp-9", "127.0.0.1:1");
    try (ProbeRunner runner =
        new ProbeRunner(
            List.of(spec),
            "edge-1",
            events -> new AppendResult(events.size(), 0, -1),
            Clock.systemUTC(),
            Duration.ofDays(1),
            sdk)) {
      // When it runs twice
      runner.runOnce(spec);
      runner.runOnce(spec);
    }

    // Then the results counter says 2 FAIL for that service, site and vantage
    var results =
        reader.collectAllMetrics().stream()
            .filter(m -> m.getName().equals("vigil.ingest.probe.results"))
            .findFirst()
            .orElseThrow();
    var point = results.getLongSumData().getPoints().iterator().next();
    assertThat(point.getValue()).isEqualTo(2);
    assertThat(point.getAttributes().asMap().toString())
        .contains("status=FAIL")
        .contains("site=backup")
        .contains("vantage=vp-9")
        .contains("service=db")
        .contains("probe=TCP");
    sdk.close();
  }

  @Test
  void shouldCountButNotThrowWhenTheSpoolIsFull() {
    ProbeSpec spec = ProbeSpec.tcp("db", "primary", "vp-1", "127.0.0.1:1");
    try (ProbeRunner runner =
        new ProbeRunner(
            List.of(spec),
            "edge-1",
            events -> {
              throw new SpoolFullException(10, 10, 10);
            },
            Clock.systemUTC(),
            Duration.ofDays(1),
            OpenTelemetry.noop())) {
      ProbeResult result = runner.runOnce(spec);
      assertThat(result.health().getCheck().getStatus().name()).isEqualTo("FAIL");
    }
  }

  private long count(String site) {
    return sent.stream()
        .filter(e -> ((HealthCheckResult) e.value()).getSite().equals(site))
        .count();
  }

  private List<String> statuses(String site) {
    return sent.stream()
        .map(e -> (HealthCheckResult) e.value())
        .filter(h -> h.getSite().equals(site))
        .map(h -> h.getCheck().getStatus().name())
        .toList();
  }

  private ProbeRunner runner(List<ProbeSpec> specs, Duration margin) {
    return new ProbeRunner(
        specs,
        "edge-1",
        events -> {
          sent.addAll(events);
          return new AppendResult(events.size(), 0, -1);
        },
        Clock.systemUTC(),
        margin,
        OpenTelemetry.noop());
  }
}
