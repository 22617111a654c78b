package dev.vigil.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  @Test
  void shouldReadEveryOffsetFormTheSensorsWrite() {
    assertThat(Timestamps.isoWithOffset("2026-03-02T08:15:04.123456+0100"))
        .contains(Instant.parse("2026-03-02T07:15:04.123456Z"));
    assertThat(Timestamps.isoWithOffset("2026-03-02T08:15:04+01:00"))
        .contains(Instant.parse("2026-03-02T07:15:04Z"));
    assertThat(Timestamps.isoWithOffset(" 2026-03-02T08:15:04Z "))
        .contains(Instant.parse("2026-03-02T08:15:04Z"));
    assertThat(Timestamps.isoWithOffset("2024-02-29T00:00:00Z"))
        .contains(Instant.parse("2024-02-29T00:00:00Z"));
  }

  @Test
  void shouldRefuseADateThatDoesNotExistInsteadOfMovingItToTheMonthsEnd() {
    assertThat(Timestamps.isoWithOffset("2026-02-30T10:00:00Z")).isEmpty();
    assertThat(Timestamps.isoWithOffset("2026-02-29T10:00:00Z")).isEmpty();
    assertThat(Timestamps.isoWithOffset("2026-04-31T10:00:00+02:00")).isEmpty();
    assertThat(Timestamps.isoWithOffset("2026-03-02T24:00:00Z")).isEmpty();
  }

  @Test
  void shouldRefuseATimeWithoutOffsetOrNothing() {
    assertThat(Timestamps.isoWithOffset("2026-03-02T08:15:04")).isEmpty();
    assertThat(Timestamps.isoWithOffset(null)).isEmpty();
  }
}
