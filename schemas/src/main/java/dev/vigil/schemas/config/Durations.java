package dev.vigil.schemas.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses config durations: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or
 * ISO-8601 ({@code PT30S}).
 */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code text}, or returns {@code fallback} when it is null.
   *
   * @throws ConfigKeyException naming {@code key} when the text is not a duration or is negative
   */
  public static Duration parse(String key, String text, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    String t = text.trim();
    Matcher m = SIMPLE.matcher(t);
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new ConfigKeyException(
            key, "expected a duration like 500ms, 30s, 5m, 2h, 7d or PT30S but got '" + t + "'");
      }
    }
    if (d.isNegative()) {
      throw new ConfigKeyException(key, "must not be negative but was '" + t + "'");
    }
    return d;
  }

  /** Parses a duration that must be strictly positive. */
  public static Duration positive(String key, String text, Duration fallback) {
    Duration d = parse(key, text, fallback);
    if (d.isZero()) {
      throw new ConfigKeyException(key, "must be greater than zero");
    }
    return d;
  }
}
