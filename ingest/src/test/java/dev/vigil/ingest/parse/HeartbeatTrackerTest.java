package dev.vigil.ingest.parse;

import static dev.vigil.ingest.parse.Parsing.CTX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeartbeatTrackerTest {

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-03-02T08:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MutableClock clock = new MutableClock();
  private final HeartbeatTracker tracker =
      new HeartbeatTracker(clock, Duration.ofSeconds(60), Duration.ofSeconds(300));

  @Test
  void shouldEmitOkAtMostOncePerIntervalPerSensor() {
    // Given a sensor writing a record every 10 s for 2 minutes
    int oks = 0;
    for (int i = 0; i < 12; i++) {
      if (tracker.observe(CTX, clock.instant()).isPresent()) {
        oks++;
      }
      clock.advance(Duration.ofSeconds(10));
    }
    // Then: at t=0 and t=60 s only
    assertThat(oks).isEqualTo(2);
  }

  @Test
  void shouldReportOkFindingValues() {
    PostureFinding f = tracker.observe(CTX, Instant.parse("2026-03-02T07:59:58Z")).orElseThrow();
    Parsing.assertValidEvent(f);
    assertThat(f.getSource()).isEqualTo("sensor-1");
    assertThat(f.getSite()).isEqualTo("primary");
    assertThat(f.getObservedAt()).isEqualTo(clock.instant());
    assertThat(f.getFinding().getCheck()).isEqualTo(PostureCheck.IDS_HEARTBEAT);
    assertThat(f.getFinding().getStatus()).isEqualTo(FindingStatus.OK);
    assertThat(f.getFinding().getSeverity()).isEqualTo(Severity.INFO);
    assertThat(f.getFinding().getDetails()).containsEntry("last_record_at", "2026-03-02T07:59:58Z");
  }

  @Test
  void shouldRaiseViolationWhenSilentLongerThanMaxAgeThenRecoverAtOnce() {
    // Given a sensor seen once
    tracker.observe(CTX, null);

    // When 5 min pass: not yet; 1 s more: violation; repeats only after another interval
    clock.advance(Duration.ofSeconds(300));
    assertThat(tracker.sweep()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    var violations = tracker.sweep();
    assertThat(violations).hasSize(1);
    PostureFinding v = violations.get(0);
    Parsing.assertValidEvent(v);
    assertThat(v.getFinding().getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(v.getFinding().getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(v.getFinding().getDetails())
        .containsEntry("silent_for_s", "301")
        .containsEntry("max_silence_s", "300");
    clock.advance(Duration.ofSeconds(30));
    assertThat(tracker.sweep()).isEmpty();
    clock.advance(Duration.ofSeconds(30));
    assertThat(tracker.sweep()).hasSize(1);

    // Then the sensor speaks: OK at once, despite the interval
    clock.advance(Duration.ofSeconds(1));
    Optional<PostureFinding> ok = tracker.observe(CTX, null);
    assertThat(ok).get().extracting(p -> p.getFinding().getStatus()).isEqualTo(FindingStatus.OK);
    assertThat(tracker.sweep()).isEmpty();
  }

  @Test
  void shouldNoticeAnExpectedSensorThatNeverSpoke() {
    tracker.expect(CTX);
    clock.advance(Duration.ofMinutes(6));
    assertThat(tracker.sweep())
        .singleElement()
        .extracting(p -> p.getFinding().getStatus())
        .isEqualTo(FindingStatus.VIOLATION);
  }

  @Test
  void shouldRateLimitStatsHeartbeatsAndGiveSameIdToSameBucket() {
    var eve = new SuricataEveParser(CTX);
    String stats =
        "{\"timestamp\":\"2026-03-02T08:00:00Z\",\"event_type\":\"stats\",\"stats\":{\"uptime\":8}}";
    PostureFinding first = Parsing.finding(eve.parse(new RawRecord(stats, "k", 0)));
    assertThat(tracker.admit(first)).contains(first);
    clock.advance(Duration.ofSeconds(8));
    assertThat(tracker.admit(Parsing.finding(eve.parse(new RawRecord(stats, "k", 100))))).isEmpty();

    HeartbeatTracker other =
        new HeartbeatTracker(clock, Duration.ofSeconds(60), Duration.ofSeconds(300));
    HeartbeatTracker another =
        new HeartbeatTracker(clock, Duration.ofSeconds(60), Duration.ofSeconds(300));
    assertThat(other.observe(CTX, null).orElseThrow().getEventId())
        .isEqualTo(another.observe(CTX, null).orElseThrow().getEventId());
  }
}
