package dev.vigil.streams.runtime;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class BoundedThreadReplacementTest {
  private Instant now = Instant.parse("2026-12-04T10:00:00Z");
  private final AtomicInteger replaced = new AtomicInteger();

  private BoundedThreadReplacement handler(int max, Duration window) {
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        };
    return new BoundedThreadReplacement(
        "app", new ThreadReplacementPolicy(max, window), clock, replaced::incrementAndGet);
  }

  @Test
  void shouldReplaceThreadsUpToTheBoundAndThenShutTheClientDown() {
    // Given at most 3 replacements within 10 minutes
    BoundedThreadReplacement handler = handler(3, Duration.ofMinutes(10));

    // When a thread dies four times within a minute
    // Then the first three are replaced and the fourth shuts the client down
    for (int i = 0; i < 3; i++) {
      assertThat(handler.handle(new IllegalStateException())).isEqualTo(REPLACE_THREAD);
      now = now.plusSeconds(10);
    }
    assertThat(handler.handle(new IllegalStateException())).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(replaced).hasValue(3);
  }

  @Test
  void shouldReplaceAgainOnceEarlierReplacementsLeftTheWindow() {
    // Given a bound of 2 within 10 minutes, exhausted
    BoundedThreadReplacement handler = handler(2, Duration.ofMinutes(10));
    handler.handle(new IllegalStateException());
    now = now.plus(Duration.ofMinutes(6));
    handler.handle(new IllegalStateException());

    // When the first replacement is older than the window
    now = now.plus(Duration.ofMinutes(4));

    // Then one more thread is replaced, but not two
    assertThat(handler.handle(new IllegalStateException())).isEqualTo(REPLACE_THREAD);
    assertThat(handler.handle(new IllegalStateException())).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(replaced).hasValue(3);
  }

  @Test
  void shouldNeverReplaceWithABoundOfZero() {
    assertThat(handler(0, Duration.ofMinutes(1)).handle(new IllegalStateException()))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(replaced).hasValue(0);
  }

  @Test
  void shouldTakeThePolicyOutOfTheStreamsProperties() {
    // Given Streams properties with the policy's overrides
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    props.putAll(new ThreadReplacementPolicy(5, Duration.ofSeconds(30)).asOverrides());

    // When the runner takes the policy
    ThreadReplacementPolicy policy = ThreadReplacementPolicy.take(props);

    // Then it is the configured one and Kafka Streams never sees the Vigil keys
    assertThat(policy).isEqualTo(new ThreadReplacementPolicy(5, Duration.ofSeconds(30)));
    assertThat(props).containsOnlyKeys(StreamsConfig.APPLICATION_ID_CONFIG);
    assertThat(ThreadReplacementPolicy.take(new Properties()))
        .isEqualTo(ThreadReplacementPolicy.DEFAULT);
  }
}
