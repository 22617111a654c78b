package dev.vigil.ingest.parse;

import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.event.EvidenceScopes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Derives the IDS heartbeat (docs/design.md §6, gate "IDS heartbeat seen within a max age") from
 * sensor output.
 *
 * <ul>
 *   <li>{@link #observe} is called for every record a sensor produced (any parsed or skipped record
 *       proves the sensor writes); it returns an IDS_HEARTBEAT OK finding at most once per {@code
 *       interval} per sensor, and at once when a silent sensor speaks again.
 *   <li>{@link #admit} does the same for a finding built from a Suricata {@code stats} record, so
 *       its counters (uptime, drops) reach the topic at the same bounded rate.
 *   <li>{@link #sweep} (call it on a timer) returns VIOLATION, severity HIGH, for each sensor
 *       silent for longer than {@code maxSilence}, repeated once per interval while it stays silent
 *       so the gate's evidence never goes stale.
 * </ul>
 *
 * Liveness is judged by the injected clock at the time output arrives, not by the record's own
 * timestamp: replaying an old backlog after a restart proves the file exists, and the sensor wrote
 * it at some point, but a record from an hour ago does not prove the sensor is alive now; {@code
 * last_record_at} in the details gives the record time for the reader. Event ids are derived from
 * (source, status, interval bucket), so two collectors tailing the same sensor agree. Thread-safe.
 */
public final class HeartbeatTracker {

  private final Clock clock;
  private final Duration interval;
  private final Duration maxSilence;
  private final Map<String, SensorState> sensors = new LinkedHashMap<>();

  public HeartbeatTracker(Clock clock, Duration interval, Duration maxSilence) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (interval.isNegative() || interval.isZero() || maxSilence.compareTo(interval) < 0) {
      throw new IllegalArgumentException("need 0 < interval <= maxSilence");
    }
    this.interval = interval;
    this.maxSilence = maxSilence;
  }

  /** Registers a sensor that must report, so silence is noticed even if it never spoke. */
  public synchronized void expect(SourceContext sensor) {
    sensors.computeIfAbsent(sensor.source(), k -> new SensorState(sensor, clock.instant()));
  }

  /** The sensor produced a record observed at {@code recordTime} (may be null). */
  public synchronized Optional<PostureFinding> observe(SourceContext sensor, Instant recordTime) {
    Instant now = clock.instant();
    SensorState state = touch(sensor, now, recordTime);
    if (!state.due(now)) {
      return Optional.empty();
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("derived_from", "sensor-output");
    return Optional.of(state.emit(FindingStatus.OK, now, details));
  }

  /** Rate-limits a heartbeat finding a parser derived (Suricata stats): it passes when due. */
  public synchronized Optional<PostureFinding> admit(PostureFinding heartbeat) {
    Instant now = clock.instant();
    SourceContext sensor =
        new SourceContext(
            heartbeat.getSite(),
            heartbeat.getService(),
            heartbeat.getSource(),
            java.time.ZoneOffset.UTC,
            EvidenceScopes.of(heartbeat).orElseThrow(),
            Optional.ofNullable(heartbeat.getSegment()));
    SensorState state = touch(sensor, now, heartbeat.getObservedAt());
    if (!state.due(now)) {
      return Optional.empty();
    }
    state.lastEmittedAt = now;
    state.lastStatus = FindingStatus.OK;
    return Optional.of(heartbeat);
  }

  /**
   * VIOLATION findings for every sensor silent longer than maxSilence, at most once per interval.
   */
  public synchronized List<PostureFinding> sweep() {
    Instant now = clock.instant();
    List<PostureFinding> out = new ArrayList<>();
    for (SensorState state : sensors.values()) {
      Duration silent = Duration.between(state.lastSeenAt, now);
      if (silent.compareTo(maxSilence) <= 0) {
        continue;
      }
      boolean firstViolation = state.lastStatus != FindingStatus.VIOLATION;
      if (firstViolation || !now.isBefore(state.lastEmittedAt.plus(interval))) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("silent_for_s", String.valueOf(silent.toSeconds()));
        details.put("max_silence_s", String.valueOf(maxSilence.toSeconds()));
        details.put("last_seen_at", state.lastSeenAt.toString());
        out.add(state.emit(FindingStatus.VIOLATION, now, details));
      }
    }
    return out;
  }

  private SensorState touch(SourceContext sensor, Instant now, Instant recordTime) {
    SensorState state = sensors.computeIfAbsent(sensor.source(), k -> new SensorState(sensor, now));
    state.lastSeenAt = now;
    if (recordTime != null) {
      state.lastRecordAt = recordTime;
    }
    return state;
  }

  private final class SensorState {
    private final SourceContext sensor;
    private Instant lastSeenAt;
    private Instant lastRecordAt;
    private Instant lastEmittedAt;
    private FindingStatus lastStatus;

    SensorState(SourceContext sensor, Instant now) {
      this.sensor = sensor;
      this.lastSeenAt = now;
    }

    boolean due(Instant now) {
      return lastEmittedAt == null
          || lastStatus == FindingStatus.VIOLATION
          || !now.isBefore(lastEmittedAt.plus(interval));
    }

    PostureFinding emit(FindingStatus status, Instant now, Map<String, String> details) {
      lastEmittedAt = now;
      lastStatus = status;
      if (lastRecordAt != null) {
        details.put("last_record_at", lastRecordAt.toString());
      }
      long bucket = now.toEpochMilli() / interval.toMillis();
      Finding finding =
          Finding.newBuilder()
              .setCheck(PostureCheck.IDS_HEARTBEAT)
              .setStatus(status)
              .setSeverity(status == FindingStatus.OK ? Severity.INFO : Severity.HIGH)
              .setControlId(SuricataEveParser.HEARTBEAT_CONTROL)
              .setExpected("output within " + maxSilence.toSeconds() + "s")
              .setObserved(
                  status == FindingStatus.OK
                      ? "output seen"
                      : "silent for " + Duration.between(lastSeenAt, now).toSeconds() + "s")
              .setDetails(details)
              .build();
      return Events.finding(
          sensor,
          EventIds.derived("heartbeat", sensor.source(), status.name(), Long.toString(bucket)),
          now,
          finding);
    }
  }
}
