package dev.vigil.streams.failover.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * Growing hold-off for a flapping service ({@code failover.backoff}), Envoy-style: the n-th
 * incident ending within {@code resetAfter} of the previous one holds automatic failover off for
 * {@code max(cooldown, min(max, initial * multiplier^(n-2)))}; the first one for {@code cooldown}.
 *
 * @param initial hold-off after the second incident in a row
 * @param multiplier growth per further incident, at least 1
 * @param max upper bound of the hold-off
 * @param resetAfter an incident ending this long after the previous one starts a new count
 */
public record Backoff(Duration initial, double multiplier, Duration max, Duration resetAfter) {

  public static final Backoff DEFAULTS =
      new Backoff(Duration.ofMinutes(10), 2.0, Duration.ofHours(2), Duration.ofHours(6));

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(resetAfter, "resetAfter");
  }

  @JsonCreator
  public static Backoff of(
      @JsonProperty("initial") String initial,
      @JsonProperty("multiplier") Double multiplier,
      @JsonProperty("max") String max,
      @JsonProperty("resetAfter") String resetAfter) {
    return new Backoff(
        Durations.parse("initial", initial, DEFAULTS.initial),
        Objects.requireNonNullElse(multiplier, DEFAULTS.multiplier),
        Durations.parse("max", max, DEFAULTS.max),
        Durations.positive("resetAfter", resetAfter, DEFAULTS.resetAfter));
  }

  /** Hold-off after the {@code flapCount}-th consecutive incident (1-based), given the cooldown. */
  public Duration holdOff(int flapCount, Duration cooldown) {
    if (flapCount <= 1) {
      return cooldown;
    }
    double ms = initial.toMillis() * Math.pow(multiplier, flapCount - 2.0);
    long capped = (long) Math.min(max.toMillis(), ms);
    return cooldown.compareTo(Duration.ofMillis(capped)) >= 0
        ? cooldown
        : Duration.ofMillis(capped);
  }
}
