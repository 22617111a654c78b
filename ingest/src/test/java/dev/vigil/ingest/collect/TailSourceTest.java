package dev.vigil.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.MetricSums;
import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.spool.AppendResult;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.ingest.spool.SpoolFullException;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.testkit.CapturedLogs;
import dev.vigil.testkit.SharedData;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailSourceTest {
  @TempDir Path dir;
  final List<OutgoingEvent> stored = new CopyOnWriteArrayList<>();
  final AtomicBoolean full = new AtomicBoolean();

  @Test
  void shouldTurnTailedEveIntoRoutedEventsAndPauseWhileTheSpoolIsFull() throws Exception {
    // Given a Suricata EVE file (real excerpt: one alert, five other event types) and a full spool
    Path eve = dir.resolve("eve.json");
    Files.write(eve, SharedData.lines("suricata-eve/tenzir/eve-excerpt.ndjson"));
    full.set(true);
    TailSource.Spec spec =
        TailSource.Spec.of(
            eve,
            SensorFormat.fromConfig("suricata-eve"),
            SourceContext.of("primary", "shop", "suricata-1"),
            dir.resolve("checkpoints"));
    try (TailSource source =
        TailSource.start(
            spec,
            events -> {
              if (full.get()) {
                throw new SpoolFullException(100, 10, 100);
              }
              stored.addAll(events);
              return new AppendResult(events.size(), 0, -1);
            },
            Clock.systemUTC(),
            OpenTelemetry.noop())) {
      // When the spool stays full for a while, Then nothing is stored and the lag is the whole file
      Awaitility.await()
          .during(Duration.ofMillis(800))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(stored).isEmpty();
                assertThat(source.lagBytes()).isEqualTo(Files.size(eve));
              });

      // When it has room again, and a stats record is appended
      full.set(false);
      awaitStored(2);
      Files.writeString(
          eve,
          new String(
              getClass().getResourceAsStream("/fixtures/suricata-stats-pretty.json").readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8),
          StandardOpenOption.APPEND);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(source.lagBytes()).isZero());
    }

    // Then the alert is a SecuritySignal on the raw security topic, keyed by service, ingested_at
    // set
    List<OutgoingEvent> signals =
        stored.stream().filter(e -> e.value() instanceof SecuritySignal).toList();
    assertThat(signals).hasSize(1);
    SecuritySignal signal = (SecuritySignal) signals.get(0).value();
    assertThat(signals.get(0).topic()).isEqualTo("vigil.security.raw.v1");
    assertThat(signals.get(0).key()).isEqualTo("shop");
    assertThat(signal.getSignal().getSignature().toString())
        .startsWith("ET CURRENT_EVENTS SUSPICIOUS IRC");
    assertThat(signal.getIngestedAt()).isNotNull();
    // And the sensor's output produced one IDS heartbeat (rate-limited), on the posture topic
    List<PostureFinding> beats =
        stored.stream()
            .filter(e -> e.value() instanceof PostureFinding)
            .map(e -> (PostureFinding) e.value())
            .toList();
    assertThat(beats).isNotEmpty();
    assertThat(beats).allMatch(b -> b.getFinding().getCheck() == PostureCheck.IDS_HEARTBEAT);
    assertThat(beats.get(0).getSource()).isEqualTo("suricata-1");
  }

  @Test
  void shouldWriteSiteScopedSignalsAndHeartbeatsKeyedBySiteForASiteWideSensor() throws Exception {
    // Given a sensor watching the whole primary site, labelled "edge" for information
    Path eve = dir.resolve("eve.json");
    Files.write(eve, SharedData.lines("suricata-eve/tenzir/eve-excerpt.ndjson"));
    SourceContext siteWide =
        new SourceContext(
            "primary", "edge", "suricata-1", ZoneOffset.UTC, EvidenceScope.SITE, Optional.empty());

    // When it is tailed
    try (TailSource source =
        TailSource.start(
            TailSource.Spec.of(
                eve, SensorFormat.fromConfig("suricata-eve"), siteWide, dir.resolve("cp")),
            this::store,
            Clock.systemUTC(),
            OpenTelemetry.noop())) {
      awaitStored(2);
    }

    // Then the alert and the heartbeat declare SITE scope, keep the label, and are keyed by site
    OutgoingEvent alert =
        stored.stream().filter(e -> e.value() instanceof SecuritySignal).findFirst().orElseThrow();
    SecuritySignal signal = (SecuritySignal) alert.value();
    assertThat(signal.getScope()).isEqualTo(EvidenceScope.SITE);
    assertThat(signal.getSegment()).isNull();
    assertThat(signal.getService()).isEqualTo("edge");
    assertThat(alert.key()).isEqualTo("primary");
    OutgoingEvent beat =
        stored.stream().filter(e -> e.value() instanceof PostureFinding).findFirst().orElseThrow();
    assertThat(((PostureFinding) beat.value()).getScope()).isEqualTo(EvidenceScope.SITE);
    assertThat(beat.key()).isEqualTo("primary");
  }

  @Test
  void shouldNotStoreTailedAlertsDatedPastTheClockSkewAndCountThem() throws Exception {
    // Given alerts 10 min, 30 s and just past 2 min ahead of the collector's (fixed) clock
    Instant now = Instant.parse("2026-03-02T08:15:04Z");
    Path eve = dir.resolve("eve.json");
    Files.writeString(
        eve,
        alert(now.plus(Duration.ofMinutes(10)), "ET FUTURE ONE")
            + alert(now.plusSeconds(30), "ET WITHIN SKEW")
            + alert(now.plus(Duration.ofMinutes(2)).plusMillis(1), "ET FUTURE TWO"));
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (CapturedLogs logs = new CapturedLogs();
        OpenTelemetrySdk otel =
            OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
                .build()) {
      // When the file is tailed with the default discipline (2 min)
      try (TailSource source =
          TailSource.start(
              TailSource.Spec.of(
                      eve,
                      SensorFormat.fromConfig("suricata-eve"),
                      SourceContext.siteWide("primary", "suricata-1"),
                      dir.resolve("cp"))
                  .withClockDiscipline(ClockDiscipline.defaults()),
              this::store,
              Clock.fixed(now, ZoneOffset.UTC),
              otel)) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> records(reader).values().stream().mapToLong(v -> v).sum() >= 3);
      }

      // Then only the alert within the skew is stored
      assertThat(stored)
          .filteredOn(e -> e.value() instanceof SecuritySignal)
          .extracting(e -> ((SecuritySignal) e.value()).getSignal().getSignature())
          .containsExactly("ET WITHIN SKEW");
      // And the two others are counted as rejected with the rule as reason
      assertThat(records(reader))
          .containsEntry("outcome=rejected,reason=future_observed_at,source=suricata-1", 2L)
          .containsEntry("outcome=accepted,source=suricata-1", 1L);
      // And logged once (rate-limited), with source, offset and rule but no record content
      // (the captured appender sits on two loggers: each line may appear twice)
      List<String> refused =
          logs.lines().stream()
              .filter(l -> l.contains("tailed record refused"))
              .distinct()
              .toList();
      assertThat(refused).hasSize(1);
      assertThat(refused.get(0))
          .contains("source=suricata-1", "offset=0")
          .contains("observed_at: more than 2m in the future (clock skew)")
          .doesNotContain("ET FUTURE", "203.0.113", "08:25:04");
    }
  }

  private AppendResult store(List<OutgoingEvent> events) {
    stored.addAll(events);
    return new AppendResult(events.size(), 0, -1);
  }

  private static String alert(Instant at, String signature) {
    return "{\"timestamp\":\""
        + DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx")
            .format(at.atOffset(ZoneOffset.UTC))
        + "\",\"event_type\":\"alert\",\"src_ip\":\"203.0.113.45\",\"src_port\":51234,"
        + "\"dest_ip\":\"198.51.100.20\",\"dest_port\":443,\"proto\":\"TCP\","
        + "\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":2034647,\"rev\":3,"
        + "\"signature\":\""
        + signature
        + "\",\"category\":\"Attempted Administrator Privilege Gain\",\"severity\":1}}\n";
  }

  /** {@code vigil.ingest.tail.records} by sorted attributes. */
  private static Map<String, Long> records(InMemoryMetricReader reader) {
    return MetricSums.of(reader, "vigil.ingest.tail.records");
  }

  private void awaitStored(int n) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() >= n);
  }
}
