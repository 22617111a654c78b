package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which answers are retried, and how long {@code Retry-After} makes a retry wait. */
class HttpSenderTest {
  private static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");

  @Test
  void shouldRetryThrottlingTimeoutsAndServerErrorsButNotOtherClientErrors() {
    assertThat(HttpSender.outcome(202, Optional.empty(), NOW))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(HttpSender.outcome(200, Optional.empty(), NOW))
        .isInstanceOf(Outcome.Delivered.class);
    assertThat(HttpSender.outcome(429, Optional.empty(), NOW)).isInstanceOf(Outcome.Retry.class);
    assertThat(HttpSender.outcome(408, Optional.empty(), NOW)).isInstanceOf(Outcome.Retry.class);
    assertThat(HttpSender.outcome(503, Optional.empty(), NOW)).isInstanceOf(Outcome.Retry.class);
    assertThat(HttpSender.outcome(400, Optional.empty(), NOW)).isEqualTo(new Outcome.Rejected(400));
    assertThat(HttpSender.outcome(404, Optional.empty(), NOW)).isEqualTo(new Outcome.Rejected(404));
  }

  @Test
  void shouldHonourRetryAfterInSecondsOrAsADateCappedAtTenMinutes() {
    assertThat(HttpSender.outcome(429, Optional.of("7"), NOW))
        .isEqualTo(new Outcome.Retry("HTTP 429", Optional.of(Duration.ofSeconds(7))));
    assertThat(HttpSender.retryAfter("Fri, 04 Dec 2026 03:00:30 GMT", NOW))
        .contains(Duration.ofSeconds(30));
    assertThat(HttpSender.retryAfter("86400", NOW)).contains(Duration.ofMinutes(10));
    assertThat(HttpSender.retryAfter("Thu, 03 Dec 2026 03:00:30 GMT", NOW)).contains(Duration.ZERO);
    assertThat(HttpSender.retryAfter("soon", NOW)).isEmpty();
  }
}
