package dev.vigil.app.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the demo has seen on the output topics, in arrival order, with the time since the demo
 * started. The watcher thread appends; the script waits on it.
 */
final class Timeline {
  /** One record as seen: topic, decoded value, Kafka timestamp, ms since the demo started. */
  record Seen(String topic, Object value, long kafkaTimestampMs, long atMs) {}

  private final List<Seen> seen = new ArrayList<>();
  private RuntimeException failure;

  synchronized void add(Seen s) {
    seen.add(s);
    notifyAll();
  }

  /** The watcher died: every waiter fails with this. */
  synchronized void fail(RuntimeException e) {
    failure = e;
    notifyAll();
  }

  synchronized List<Seen> all() {
    return List.copyOf(seen);
  }

  /** Values of type {@code type} in arrival order. */
  synchronized <T> List<T> values(Class<T> type) {
    return seen.stream().map(Seen::value).filter(type::isInstance).map(type::cast).toList();
  }

  /**
   * Waits until a value of {@code type} matching {@code match} has been seen (including before the
   * call); empty after {@code timeout}.
   */
  synchronized <T> Optional<T> await(Class<T> type, Predicate<T> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (failure != null) {
        throw failure;
      }
      for (Seen s : seen) {
        if (type.isInstance(s.value()) && match.test(type.cast(s.value()))) {
          return Optional.of(type.cast(s.value()));
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
