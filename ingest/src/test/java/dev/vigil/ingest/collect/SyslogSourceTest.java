package dev.vigil.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.MetricSums;
import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.spool.AppendResult;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.ingest.spool.SpoolFullException;
import dev.vigil.ingest.tail.SyslogServer;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.SecuritySignal;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class SyslogSourceTest {
  final List<OutgoingEvent> stored = new CopyOnWriteArrayList<>();

  @Test
  void shouldStoreAnSshdFailureReceivedOverTcpAfterWaitingOutAFullSpool() throws Exception {
    // Given a listener whose spool refuses the first two attempts
    AtomicInteger refusals = new AtomicInteger(2);
    try (SyslogSource source =
        SyslogSource.start(
            new SyslogServer.Config(
                "127.0.0.1", -1, 0, 64 * 1024, 4, java.time.Duration.ofMinutes(1)),
            SourceContext.of("backup", "bastion", "syslog-1"),
            events -> {
              if (refusals.getAndDecrement() > 0) {
                throw new SpoolFullException(1, 1, 1);
              }
              stored.addAll(events);
              return new AppendResult(events.size(), 0, -1);
            },
            Clock.systemUTC(),
            OpenTelemetry.noop())) {
      // When an RFC 5424 sshd failure and an unrelated message arrive over TCP
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), source.tcpPort());
          OutputStream out = s.getOutputStream()) {
        out.write(
            ("<38>1 2026-03-02T08:01:02.123+01:00 bastion-1 sshd 4242 - - Failed password for"
                    + " invalid user admin from 203.0.113.9 port 52144 ssh2\n"
                    + "<38>1 2026-03-02T08:01:03Z bastion-1 cron 1 - - job done\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !stored.isEmpty());
      }
    }

    // Then exactly one signal was stored, on the raw security topic, keyed by service
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).topic()).isEqualTo("vigil.security.raw.v1");
    assertThat(stored.get(0).key()).isEqualTo("bastion");
    SecuritySignal signal = (SecuritySignal) stored.get(0).value();
    assertThat(signal.getSignal().getSignature()).isEqualTo("sshd.failed_password");
    assertThat(signal.getSignal().getUser()).isEqualTo("admin");
    assertThat(signal.getSignal().getSrcIp()).isEqualTo("203.0.113.9");
    assertThat(signal.getSite()).isEqualTo("backup");
    assertThat(signal.getIngestedAt()).isNotNull();
  }

  @Test
  void shouldNotStoreMessagesDatedPastTheClockSkewAndCountThem() throws Exception {
    // Given a listener with a fixed clock, site-wide for a segment of the backup site
    Instant now = Instant.parse("2026-03-02T08:15:04Z");
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (OpenTelemetrySdk otel =
            OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
                .build();
        SyslogSource source =
            SyslogSource.start(
                new SyslogServer.Config("127.0.0.1", -1, 0, 64 * 1024, 4, Duration.ofMinutes(1)),
                new SourceContext(
                    "backup",
                    "",
                    "syslog-1",
                    ZoneOffset.UTC,
                    EvidenceScope.SEGMENT,
                    Optional.of("dmz")),
                events -> {
                  stored.addAll(events);
                  return new AppendResult(events.size(), 0, -1);
                },
                Clock.fixed(now, ZoneOffset.UTC),
                ClockDiscipline.defaults(),
                otel)) {
      // When sshd failures dated 10 min, 30 s and just past 2 min ahead arrive over TCP
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), source.tcpPort());
          OutputStream out = s.getOutputStream()) {
        out.write(
            (failure(now.plus(Duration.ofMinutes(10)), "alice")
                    + failure(now.plusSeconds(30), "bob")
                    + failure(now.plus(Duration.ofMinutes(2)).plusMillis(1), "carol"))
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> records(reader).values().stream().mapToLong(v -> v).sum() >= 3);
      }

      // Then the two past the skew are counted as rejected with the rule as reason
      assertThat(records(reader))
          .containsEntry("outcome=rejected,reason=future_observed_at,source=syslog-1", 2L)
          .containsEntry("outcome=accepted,source=syslog-1", 1L);
    }

    // And only the one within the skew is stored, SEGMENT-scoped and keyed by site/segment
    assertThat(stored).hasSize(1);
    SecuritySignal signal = (SecuritySignal) stored.get(0).value();
    assertThat(signal.getSignal().getUser()).isEqualTo("bob");
    assertThat(signal.getScope()).isEqualTo(EvidenceScope.SEGMENT);
    assertThat(signal.getSegment()).isEqualTo("dmz");
    assertThat(signal.getService()).isEmpty();
    assertThat(stored.get(0).key()).isEqualTo("backup/dmz");
  }

  private static String failure(Instant at, String user) {
    return "<38>1 "
        + at
        + " bastion-1 sshd 4242 - - Failed password for "
        + user
        + " from 203.0.113.9 port 52144 ssh2\n";
  }

  /** {@code vigil.ingest.syslog.records} by sorted attributes. */
  private static Map<String, Long> records(InMemoryMetricReader reader) {
    return MetricSums.of(reader, "vigil.ingest.syslog.records");
  }
}
