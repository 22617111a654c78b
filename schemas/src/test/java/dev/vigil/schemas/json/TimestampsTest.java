package dev.vigil.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The formatter-free path for UTC timestamps accepts and reads exactly what the formatter does. */
class TimestampsTest {

  @Test
  void shouldReadCommonUtcTimestampsLikeTheFormatter() {
    for (String t :
        new String[] {
          "2026-11-27T03:00:00Z",
          "2026-11-27T03:00:00.1Z",
          "2026-11-27T03:00:00.12Z",
          "2026-11-27T03:00:00.123Z",
          "2026-11-27T03:00:00.123456789Z",
          "2024-02-29T23:59:59.999Z",
          "1969-12-31T23:59:59.5Z",
          "0000-01-01T00:00:00Z"
        }) {
      assertThat(Timestamps.parseMillis(t)).as(t).isEqualTo(Timestamps.parseMillisWithFormatter(t));
      assertThat(Timestamps.parseMillis(t)).as(t).isPresent();
    }
  }

  @Test
  void shouldRefuseImpossibleDatesAndTimesLikeTheFormatter() {
    for (String t :
        new String[] {
          "2026-02-30T00:00:00Z",
          "2025-02-29T00:00:00Z",
          "2026-13-01T00:00:00Z",
          "2026-00-01T00:00:00Z",
          "2026-01-00T00:00:00Z",
          "2026-01-01T24:00:00Z",
          "2026-01-01T23:60:00Z",
          "2026-01-01T23:59:59.1234567890Z",
          "2026-01-01T23:59:5xZ"
        }) {
      assertThat(Timestamps.parseMillis(t)).as(t).isEmpty();
      assertThat(Timestamps.parseMillisWithFormatter(t)).as(t).isEmpty();
    }
  }

  @Test
  void shouldAgreeWithTheFormatterOnManyGeneratedTimestamps() {
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      StringBuilder t =
          new StringBuilder()
              .append(String.format("%04d", random.nextInt(3000)))
              .append('-')
              .append(String.format("%02d", random.nextInt(14)))
              .append('-')
              .append(String.format("%02d", random.nextInt(33)))
              .append('T')
              .append(String.format("%02d", random.nextInt(26)))
              .append(':')
              .append(String.format("%02d", random.nextInt(62)))
              .append(':')
              .append(String.format("%02d", random.nextInt(62)));
      int fraction = random.nextInt(12) - 1;
      if (fraction >= 0) {
        t.append('.');
        for (int d = 0; d < fraction; d++) {
          t.append((char) ('0' + random.nextInt(10)));
        }
      }
      t.append(random.nextInt(20) == 0 ? "+02:00" : "Z");
      String text = t.toString();
      assertThat(Timestamps.parseMillis(text))
          .as(text)
          .isEqualTo(Timestamps.parseMillisWithFormatter(text));
    }
  }
}
