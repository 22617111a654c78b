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
