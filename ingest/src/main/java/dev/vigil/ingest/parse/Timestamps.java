package dev.vigil.ingest.parse;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/** Timestamp forms found in sensor output. */
final class Timestamps {

  /**
   * ISO-8601 with an offset written {@code Z}, {@code +02:00} or {@code +0200} (Suricata). Strict:
   * a date that does not exist ({@code 2026-02-30}) is refused, not moved to the month's last day.
   */
  private static final DateTimeFormatter ISO_LENIENT_OFFSET =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);

  private Timestamps() {}

  /** An ISO-8601 date-time with offset; empty if it has none or does not parse. */
  static Optional<Instant> isoWithOffset(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text.trim(), ISO_LENIENT_OFFSET).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Epoch seconds with an optional fraction ({@code 1216706377.196728}), as Zeek writes. */
  static Optional<Instant> epochSeconds(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      BigDecimal seconds = new BigDecimal(text.trim());
      long whole = seconds.longValue();
      long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
      return Optional.of(Instant.ofEpochSecond(whole, nanos));
    } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Year inference for year-less timestamps (RFC 3164 syslog, Snort fast.log): take the year of
   * {@code now} in {@code zone}; if that puts the timestamp more than a day in the future, it
   * belongs to the previous year (a December record read in January). Feb 29 in a non-leap year
   * resolves to the most recent leap year.
   */
  static Instant inferYear(
      MonthDay monthDay, int hour, int minute, int second, int nanos, Instant now, ZoneId zone) {
    int year = ZonedDateTime.ofInstant(now, zone).getYear();
    Instant limit = now.plusSeconds(86_400);
    for (int y = year; y > year - 8; y--) {
      if (!monthDay.isValidYear(y)) {
        continue;
      }
      Instant candidate =
          LocalDateTime.of(
                  y, monthDay.getMonth(), monthDay.getDayOfMonth(), hour, minute, second, nanos)
              .atZone(zone)
              .toInstant();
      if (!candidate.isAfter(limit)) {
        return candidate;
      }
    }
    throw new DateTimeException("no year fits");
  }

  /** Fraction digits (1–9) to nanoseconds. */
  static int fractionToNanos(String digits) {
    if (digits == null || digits.isEmpty()) {
      return 0;
    }
    String padded = (digits + "000000000").substring(0, 9);
    return Integer.parseInt(padded);
  }
}
