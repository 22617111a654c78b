package dev.vigil.streams.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How the Kafka Streams apps of {@code vigil run}/{@code vigil streams} are kept alive and watched.
 *
 * @param threadReplacements stream threads replaced after an uncaught exception within {@code
 *     replacementWindow}; one more failure shuts the app down (ERROR) and {@code vigil} exits 3
 * @param replacementWindow the sliding window {@code threadReplacements} is counted in
 * @param alertGrace how long an app may be not RUNNING/REBALANCING before an alert on {@code
 *     vigil.alerts.v1} (ERROR alerts at once)
 * @param standbyReplicas warm copies of each stateful task's state kept by other instances ({@code
 *     num.standby.replicas}), placed at another {@code instance.site} when one exists, so a
 *     surviving instance takes over without rebuilding the state from the changelog
 * @param commitInterval {@code commit.interval.ms} of every app: under exactly-once each hop's
 *     output is visible downstream only when its transaction commits, so a shorter interval lowers
 *     the latency from event to trigger and a longer one raises the throughput of a backlog
 */
public record StreamsSection(
    int threadReplacements,
    Duration replacementWindow,
    Duration alertGrace,
    int standbyReplicas,
    Duration commitInterval) {
  static final int MAX_STANDBY_REPLICAS = 3;
  static final int MAX_REPLACEMENTS = 100;
  static final Duration MAX_WINDOW = Duration.ofDays(1);
  static final Duration MAX_GRACE = Duration.ofHours(1);
  static final Duration MIN_COMMIT_INTERVAL = Duration.ofMillis(10);
  static final Duration MAX_COMMIT_INTERVAL = Duration.ofSeconds(30);

  @JsonCreator
  static StreamsSection fromYaml(
      @JsonProperty("threadReplacements") Integer threadReplacements,
      @JsonProperty("replacementWindow") String replacementWindow,
      @JsonProperty("alertGrace") String alertGrace,
      @JsonProperty("standbyReplicas") Integer standbyReplicas,
      @JsonProperty("commitInterval") String commitInterval) {
    ThreadReplacementPolicy defaults = ThreadReplacementPolicy.DEFAULT;
    return new StreamsSection(
        Objects.requireNonNullElse(threadReplacements, defaults.maxReplacements()),
        Durations.parse("streams.replacementWindow", replacementWindow, defaults.window()),
        Durations.parse("streams.alertGrace", alertGrace, StreamsSupervisor.DEFAULT_GRACE),
        Objects.requireNonNullElse(standbyReplicas, 0),
        Durations.parse(
            "streams.commitInterval",
            commitInterval,
            Duration.ofMillis(StreamsRunner.COMMIT_INTERVAL_MS)));
  }

  public StreamsSection {
    Objects.requireNonNull(replacementWindow, "replacementWindow");
    Objects.requireNonNull(alertGrace, "alertGrace");
    Objects.requireNonNull(commitInterval, "commitInterval");
    if (threadReplacements < 0 || threadReplacements > MAX_REPLACEMENTS) {
      throw new IllegalArgumentException(
          "streams.threadReplacements must be 0.."
              + MAX_REPLACEMENTS
              + " but was "
              + threadReplacements);
    }
    if (replacementWindow.compareTo(Duration.ofSeconds(1)) < 0
        || replacementWindow.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "streams.replacementWindow must be 1s..1d but was " + replacementWindow);
    }
    if (standbyReplicas < 0 || standbyReplicas > MAX_STANDBY_REPLICAS) {
      throw new IllegalArgumentException(
          "streams.standbyReplicas must be 0.."
              + MAX_STANDBY_REPLICAS
              + " but was "
              + standbyReplicas);
    }
    if (alertGrace.compareTo(MAX_GRACE) > 0) {
      throw new IllegalArgumentException("streams.alertGrace must be 0s..1h but was " + alertGrace);
    }
    if (commitInterval.compareTo(MIN_COMMIT_INTERVAL) < 0
        || commitInterval.compareTo(MAX_COMMIT_INTERVAL) > 0) {
      throw new IllegalArgumentException(
          "streams.commitInterval must be 10ms..30s but was " + commitInterval.toMillis() + "ms");
    }
  }

  /** The thread-replacement bound every Streams app of the process runs with. */
  public ThreadReplacementPolicy threadPolicy() {
    return new ThreadReplacementPolicy(threadReplacements, replacementWindow);
  }

  /** Every key at its default. */
  public static StreamsSection defaults() {
    return fromYaml(null, null, null, null, null);
  }
}
