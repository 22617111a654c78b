package dev.vigil.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code alerts.selfMonitoring}: when Vigil alerts on its own condition (besides its Streams apps,
 * {@code streams.alertGrace}, and its alert destinations, {@code alerts.failingAfter}).
 *
 * @param checkInterval how often the conditions are measured
 * @param sustain how long a condition must hold before its alert triggers (resolves at once)
 * @param maxLag records a consumer group (a Streams app of this process, the alert dispatcher) may
 *     lag behind its input before an alert
 * @param maxSpoolPercent how full (bytes or records, of its maximum) a collector's spool may get
 * @param maxQuarantinedPerMinute records per minute reaching {@code vigil.quarantine.v1}
 * @param timeout how long a broker or registry call may take before it counts as unreachable
 */
public record SelfMonitoringSection(
    Duration checkInterval,
    Duration sustain,
    long maxLag,
    int maxSpoolPercent,
    long maxQuarantinedPerMinute,
    Duration timeout) {
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(15);
  public static final Duration DEFAULT_SUSTAIN = Duration.ofMinutes(1);
  public static final long DEFAULT_MAX_LAG = 10_000;
  public static final int DEFAULT_MAX_SPOOL_PERCENT = 80;
  public static final long DEFAULT_MAX_QUARANTINED_PER_MINUTE = 100;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  @JsonCreator
  static SelfMonitoringSection fromYaml(
      @JsonProperty("checkInterval") String checkInterval,
      @JsonProperty("sustain") String sustain,
      @JsonProperty("maxLag") Long maxLag,
      @JsonProperty("maxSpoolPercent") Integer maxSpoolPercent,
      @JsonProperty("maxQuarantinedPerMinute") Long maxQuarantinedPerMinute,
      @JsonProperty("timeout") String timeout) {
    return new SelfMonitoringSection(
        Durations.parse(
            "alerts.selfMonitoring.checkInterval", checkInterval, DEFAULT_CHECK_INTERVAL),
        Durations.parse("alerts.selfMonitoring.sustain", sustain, DEFAULT_SUSTAIN),
        Objects.requireNonNullElse(maxLag, DEFAULT_MAX_LAG),
        Objects.requireNonNullElse(maxSpoolPercent, DEFAULT_MAX_SPOOL_PERCENT),
        Objects.requireNonNullElse(maxQuarantinedPerMinute, DEFAULT_MAX_QUARANTINED_PER_MINUTE),
        Durations.parse("alerts.selfMonitoring.timeout", timeout, DEFAULT_TIMEOUT));
  }

  public SelfMonitoringSection {
    Objects.requireNonNull(checkInterval, "checkInterval");
    Objects.requireNonNull(sustain, "sustain");
    Objects.requireNonNull(timeout, "timeout");
    if (checkInterval.compareTo(Duration.ofMillis(100)) < 0
        || checkInterval.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "alerts.selfMonitoring.checkInterval must be 100ms..1h but was " + checkInterval);
    }
    if (sustain.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "alerts.selfMonitoring.sustain must be 0s..1h but was " + sustain);
    }
    if (maxLag < 1) {
      throw new IllegalArgumentException(
          "alerts.selfMonitoring.maxLag must be >= 1 but was " + maxLag);
    }
    if (maxSpoolPercent < 1 || maxSpoolPercent > 100) {
      throw new IllegalArgumentException(
          "alerts.selfMonitoring.maxSpoolPercent must be 1..100 but was " + maxSpoolPercent);
    }
    if (maxQuarantinedPerMinute < 1) {
      throw new IllegalArgumentException(
          "alerts.selfMonitoring.maxQuarantinedPerMinute must be >= 1 but was "
              + maxQuarantinedPerMinute);
    }
    if (timeout.compareTo(Duration.ofMillis(100)) < 0
        || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "alerts.selfMonitoring.timeout must be 100ms..1m but was " + timeout);
    }
  }

  static SelfMonitoringSection defaults() {
    return fromYaml(null, null, null, null, null, null);
  }
}
