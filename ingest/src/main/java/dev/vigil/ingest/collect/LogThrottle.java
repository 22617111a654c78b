package dev.vigil.ingest.collect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * At most one log line per interval for a condition that can repeat per record (a sensor whose
 * clock runs ahead dates every line in the future): the first occurrence is logged, the rest are
 * counted and the count rides on the next line that is let through. Metrics count every one.
 */
final class LogThrottle {
  private final Clock clock;
  private final Duration interval;
  private Instant next = Instant.MIN;
  private long suppressed;

  LogThrottle(Clock clock, Duration interval) {
    this.clock = clock;
    this.interval = interval;
  }

  /**
   * Empty when this occurrence should not be logged; otherwise how many were suppressed since the
   * last one logged.
   */
  synchronized OptionalLong admit() {
    Instant now = clock.instant();
    if (now.isBefore(next)) {
      suppressed++;
      return OptionalLong.empty();
    }
    next = now.plus(interval);
    long n = suppressed;
    suppressed = 0;
    return OptionalLong.of(n);
  }
}
