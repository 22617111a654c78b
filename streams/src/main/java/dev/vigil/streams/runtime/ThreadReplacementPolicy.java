package dev.vigil.streams.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How often a dead stream thread is replaced: at most {@code maxReplacements} within any {@code
 * window}; one more uncaught exception within the window shuts the client down (state ERROR). The
 * bound stops a poison record from killing and replacing threads forever.
 *
 * <p>Apps pass it to {@link StreamsRunner} among their Streams property overrides ({@link
 * #asOverrides()}); the runner takes the two keys out before Kafka Streams sees the properties.
 *
 * @param maxReplacements replacements allowed within {@code window}; 0 = never replace
 * @param window the sliding window the replacements are counted in
 */
public record ThreadReplacementPolicy(int maxReplacements, Duration window) {
  public static final String MAX_REPLACEMENTS_CONFIG = "vigil.thread.replacements.max";
  public static final String WINDOW_MS_CONFIG = "vigil.thread.replacements.window.ms";
  public static final ThreadReplacementPolicy DEFAULT =
      new ThreadReplacementPolicy(3, Duration.ofMinutes(10));

  public ThreadReplacementPolicy {
    Objects.requireNonNull(window, "window");
    if (maxReplacements < 0) {
      throw new IllegalArgumentException("maxReplacements must be >= 0 but was " + maxReplacements);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive but was " + window);
    }
  }

  /** The policy as Streams property overrides, for an app's {@code Settings.overrides}. */
  public Map<String, Object> asOverrides() {
    return Map.of(MAX_REPLACEMENTS_CONFIG, maxReplacements, WINDOW_MS_CONFIG, window.toMillis());
  }

  /** Removes the policy's keys from {@code props}; {@link #DEFAULT} for absent keys. */
  static ThreadReplacementPolicy take(Properties props) {
    Object max = props.remove(MAX_REPLACEMENTS_CONFIG);
    Object windowMs = props.remove(WINDOW_MS_CONFIG);
    return new ThreadReplacementPolicy(
        max == null ? DEFAULT.maxReplacements() : Integer.parseInt(max.toString()),
        windowMs == null
            ? DEFAULT.window()
            : Duration.ofMillis(Long.parseLong(windowMs.toString())));
  }
}
