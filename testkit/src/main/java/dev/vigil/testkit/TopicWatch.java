package dev.vigil.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * Watches a topic through a consumer the test owns and keeps every decoded value it has seen, so a
 * test waits for what it expects instead of sleeping or writing polling loops:
 *
 * <pre>{@code
 * var triggers = TopicWatch.of(platform.readCommittedConsumer(topic), bytes -> decode(bytes));
 * FailoverTrigger prepare = triggers.await("PREPARE", t -> t.getStage() == PREPARE, ofSeconds(60));
 * List<FailoverTrigger> late = triggers.readFor(ofSeconds(3)); // a duplicate would show up here
 * }</pre>
 *
 * <p>Not thread-safe, like the consumer: Awaitility polls in the calling thread. Closing the watch
 * closes the consumer.
 *
 * @param <V> the decoded value type
 */
public final class TopicWatch<V> implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Function<ConsumerRecord<String, byte[]>, Optional<V>> decoder;
  private final List<V> seen = new ArrayList<>();
  private Callable<Boolean> failFast = () -> false;
  private Supplier<String> failFastReason = () -> "";

  private TopicWatch(
      KafkaConsumer<String, byte[]> consumer,
      Function<ConsumerRecord<String, byte[]>, Optional<V>> decoder) {
    this.consumer = consumer;
    this.decoder = decoder;
  }

  /** Every record's value, decoded. */
  public static <V> TopicWatch<V> of(
      KafkaConsumer<String, byte[]> consumer, Function<byte[], V> decoder) {
    return new TopicWatch<>(consumer, r -> Optional.ofNullable(decoder.apply(r.value())));
  }

  /** Only the records {@code decoder} keeps (e.g. one service's key), decoded. */
  public static <V> TopicWatch<V> filtered(
      KafkaConsumer<String, byte[]> consumer,
      Function<ConsumerRecord<String, byte[]>, Optional<V>> decoder) {
    return new TopicWatch<>(consumer, decoder);
  }

  /**
   * Stops any wait at once with the {@code reason} supplied then when {@code condition} turns true,
   * e.g. the process under test exited (the reason can carry its output).
   */
  public TopicWatch<V> failFastWhen(Callable<Boolean> condition, Supplier<String> reason) {
    this.failFastReason = reason;
    this.failFast = condition;
    return this;
  }

  /** Everything seen so far, in arrival order. */
  public List<V> seen() {
    return Collections.unmodifiableList(seen);
  }

  /** Polls once and returns what arrived. */
  public List<V> poll() {
    List<V> batch = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
      decoder.apply(r).ifPresent(batch::add);
    }
    seen.addAll(batch);
    return batch;
  }

  /**
   * The first value seen (earlier or now) matching {@code match}, waiting at most {@code atMost}.
   *
   * @throws AssertionError naming {@code what} and what was seen, when nothing matches in time
   */
  public V await(String what, Predicate<V> match, Duration atMost) {
    try {
      Awaitility.await(what)
          .atMost(atMost)
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .failFast(what, failFast)
          .until(() -> seen.stream().anyMatch(match) || poll().stream().anyMatch(match));
    } catch (TerminalFailureException e) {
      throw new AssertionError(
          what + " not seen: gave up early; seen " + seen + "\n" + failFastReason.get(), e);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + " not seen within " + atMost + "; seen " + seen, e);
    }
    return seen.stream().filter(match).findFirst().orElseThrow();
  }

  /** Reads for the whole {@code window} and returns what arrived in it (to prove absence). */
  public List<V> readFor(Duration window) {
    List<V> arrived = new ArrayList<>();
    Awaitility.await("reading for " + window)
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .atMost(window.plus(POLL.multipliedBy(5)))
        .during(window)
        .until(
            () -> {
              arrived.addAll(poll());
              return true;
            });
    return arrived;
  }

  /**
   * Reads until the consumer has passed, on every partition assigned to it, the end offsets as they
   * are now (for a {@code read_committed} consumer: the last stable offsets), and returns what
   * arrived. For "everything written so far", e.g. an audit chain after the writer is done.
   *
   * @throws AssertionError when the end is not reached within {@code atMost}
   */
  public List<V> readToEnd(Duration atMost) {
    Set<TopicPartition> parts = consumer.assignment();
    Map<TopicPartition, Long> end = consumer.endOffsets(parts);
    List<V> arrived = new ArrayList<>();
    try {
      Awaitility.await("reading to the end offsets")
          .atMost(atMost)
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                arrived.addAll(poll());
                return parts.stream().allMatch(p -> consumer.position(p) >= end.get(p));
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("end offsets " + end + " not reached within " + atMost, e);
    }
    return arrived;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
