package dev.vigil.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.parse.SharedData;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.spool.AppendResult;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.ingest.spool.SpoolFullException;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
      Thread.sleep(800);
      assertThat(stored).isEmpty();
      assertThat(source.lagBytes()).isEqualTo(Files.size(eve));

      // When it has room again, and a stats record is appended
      full.set(false);
      awaitStored(2);
      Files.writeString(
          eve,
          new String(
              getClass().getResourceAsStream("/fixtures/suricata-stats-pretty.json").readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8),
          StandardOpenOption.APPEND);
      Thread.sleep(1000);
      assertThat(source.lagBytes()).isZero();
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

  private void awaitStored(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (stored.size() < n) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
