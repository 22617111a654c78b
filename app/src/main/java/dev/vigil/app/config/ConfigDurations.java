package dev.vigil.app.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in the config: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 30d}. */
public final class ConfigDurations {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private ConfigDurations() {}

  public static Duration parse(String key, String text, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    Matcher m = FORMAT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          key + " must be a duration like 500ms, 10s, 5m, 2h or 30d but was '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      default:
        return Duration.ofDays(n);
    }
  }
}
