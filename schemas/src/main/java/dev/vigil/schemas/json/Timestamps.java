package dev.vigil.schemas.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * ISO-8601 timestamps for {@code timestamp-millis} fields. An offset is required ({@code Z}, {@code
 * +02:00} or {@code +0200}, the latter as written by Suricata); sub-millisecond digits are
 * truncated. Output is {@link Instant#toString()} in UTC.
 */
final class Timestamps {
  private static final DateTimeFormatter PARSER =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(IsoChronology.INSTANCE);

  private Timestamps() {}

  /** Epoch milliseconds of an ISO-8601 timestamp with offset, or empty if it is not one. */
  static Optional<Long> parseMillis(String text) {
    long fast = parseUtcMillis(text);
    if (fast != NOT_FAST) {
      return Optional.of(fast);
    }
    return parseMillisWithFormatter(text);
  }

  private static final long NOT_FAST = Long.MIN_VALUE;

  /**
   * The shape collectors write almost always, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, parsed without
   * the formatter (which was the largest single cost of reading an event); {@link #NOT_FAST} for
   * any other text or an invalid date or time, which the formatter then decides, so what is
   * accepted does not change.
   */
  static long parseUtcMillis(String t) {
    int n = t.length();
    if (n < 20 || n > 30 || t.charAt(n - 1) != 'Z') {
      return NOT_FAST;
    }
    if (t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return NOT_FAST;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return NOT_FAST;
    }
    int millis = 0;
    if (n > 20) {
      int fraction = n - 21; // digits between '.' and 'Z'
      if (t.charAt(19) != '.' || fraction < 1 || fraction > 9) {
        return NOT_FAST;
      }
      int value = digits(t, 20, fraction);
      if (value < 0) {
        return NOT_FAST;
      }
      millis = fraction >= 3 ? digits(t, 20, 3) : value * (fraction == 1 ? 100 : 10);
    }
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
      return NOT_FAST;
    }
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return NOT_FAST;
    }
    long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
    return ((epochDay * 86_400L + hour * 3_600L + minute * 60L + second) * 1000L) + millis;
  }

  /** The non-negative value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String t, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static Optional<Long> parseMillisWithFormatter(String text) {
    try {
      return Optional.of(OffsetDateTime.from(PARSER.parse(text)).toInstant().toEpochMilli());
    } catch (DateTimeException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  static String format(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
