package dev.vigil.alerts;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the {@link AlertDispatcher} runs.
 *
 * @param groupId consumer group on {@code vigil.alerts.v1}; offsets are committed only once every
 *     destination has an alert
 * @param resendInterval how often firing alerts are re-sent to Alertmanager (each valid for 4×)
 * @param initialBackoff first retry delay (doubling, with jitter, up to {@code maxBackoff})
 * @param maxBackoff longest retry delay
 * @param failingAfter a destination failing this long raises a self-alert
 * @param maxQueued alerts queued for one destination before reading pauses (backpressure)
 * @param statusUrl the status page's public URL, for links in alerts; empty = no links
 * @param parkDir where alerts a destination rejected (4xx) are kept, one JSON line each
 */
public record DispatcherSettings(
    String groupId,
    Duration resendInterval,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration failingAfter,
    int maxQueued,
    Optional<URI> statusUrl,
    Path parkDir) {
  public static final String DEFAULT_GROUP = "vigil-alerts";
  public static final Duration DEFAULT_RESEND = Duration.ofMinutes(1);
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
  public static final Duration DEFAULT_FAILING_AFTER = Duration.ofMinutes(2);
  public static final int DEFAULT_MAX_QUEUED = 10_000;

  public DispatcherSettings {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(statusUrl, "statusUrl");
    Objects.requireNonNull(parkDir, "parkDir");
    if (initialBackoff.isNegative()
        || initialBackoff.isZero()
        || maxBackoff.compareTo(initialBackoff) <= 0) {
      throw new IllegalArgumentException(
          "alerts: need 0 < initialBackoff < maxBackoff but got "
              + initialBackoff
              + " and "
              + maxBackoff);
    }
    if (resendInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("alerts.resendInterval must be >= 1s");
    }
    if (maxQueued < 1) {
      throw new IllegalArgumentException("alerts.maxQueued must be >= 1");
    }
  }

  /** The defaults, parking under {@code parkDir}. */
  public static DispatcherSettings defaults(Path parkDir) {
    return new DispatcherSettings(
        DEFAULT_GROUP,
        DEFAULT_RESEND,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_FAILING_AFTER,
        DEFAULT_MAX_QUEUED,
        Optional.empty(),
        parkDir);
  }
}
