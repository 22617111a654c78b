package dev.vigil.app.drill;

import dev.vigil.app.runtime.Clients;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the correlator's outputs as an actuator does: one read_committed consumer over the
 * triggers and the state snapshots, from the beginning. Keeps every trigger per service with the
 * moment it was read, and the newest state per service.
 */
final class DrillWatch implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(DrillWatch.class);

  /** A trigger and when it was read ({@link System#nanoTime()}). */
  record Seen(FailoverTrigger trigger, long readAtNanos) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<FailoverTrigger> triggers;
  private final Deserializer<FailoverState> states;
  private final Map<String, List<Seen>> triggersByService = new HashMap<>();
  private final Map<String, FailoverState> stateByService = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private RuntimeException failure;

  DrillWatch(Map<String, Object> connection, SchemaRegistryClient registry) {
    this.consumer = Clients.readCommittedConsumer(connection, "vigil-drill-watch");
    this.triggers = TopicSerdes.value(Topics.FAILOVER_TRIGGERS, registry).deserializer();
    this.states = TopicSerdes.value(Topics.FAILOVER_STATE, registry).deserializer();
    List<TopicPartition> partitions = new ArrayList<>();
    partitions.addAll(partitions(consumer, Topics.FAILOVER_TRIGGERS));
    partitions.addAll(partitions(consumer, Topics.FAILOVER_STATE));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::loop, "vigil-drill-watch");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, Topic<?> topic) {
    return consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          long now = System.nanoTime();
          synchronized (this) {
            if (r.topic().equals(Topics.FAILOVER_TRIGGERS.name())) {
              FailoverTrigger t = triggers.deserialize(r.topic(), r.value());
              triggersByService
                  .computeIfAbsent(t.getService().toString(), s -> new ArrayList<>())
                  .add(new Seen(t, now));
            } else if (r.value() != null && r.key() != null) {
              FailoverState s = states.deserialize(r.topic(), r.value());
              stateByService.put(s.getService().toString(), s);
            }
            notifyAll();
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        LOGGER.atWarn().addKeyValue("error", e.getClass().getSimpleName()).log("drill watch");
        synchronized (this) {
          failure = e;
          notifyAll();
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** The triggers of {@code service} read so far, in topic order. */
  synchronized List<Seen> triggers(String service) {
    return List.copyOf(triggersByService.getOrDefault(service, List.of()));
  }

  /** Waits until a trigger of {@code service} matches; returns it. */
  Seen awaitTrigger(
      String service, Predicate<Seen> wanted, Duration timeout, BooleanSupplier giveUp)
      throws InterruptedException, TimeoutException {
    return await(
        () -> triggers(service).stream().filter(wanted).findFirst().orElse(null),
        timeout,
        giveUp,
        "trigger of " + service);
  }

  /** Waits until the newest state of {@code service} matches. */
  FailoverState awaitState(String service, Predicate<FailoverState> wanted, Duration timeout)
      throws InterruptedException, TimeoutException {
    return await(
        () -> {
          synchronized (this) {
            FailoverState s = stateByService.get(service);
            return s != null && wanted.test(s) ? s : null;
          }
        },
        timeout,
        () -> false,
        "state of " + service);
  }

  /** The services with a state snapshot so far. */
  synchronized Set<String> servicesWithState() {
    return Set.copyOf(stateByService.keySet());
  }

  private <T> T await(
      java.util.function.Supplier<T> probe, Duration timeout, BooleanSupplier giveUp, String what)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T found = probe.get();
      if (found != null) {
        return found;
      }
      synchronized (this) {
        if (failure != null) {
          throw new IllegalStateException("stopped reading the correlator's outputs", failure);
        }
      }
      if (giveUp.getAsBoolean()) {
        throw new IllegalStateException("gave up waiting for the " + what);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("no matching " + what + " within " + timeout);
      }
      synchronized (this) {
        wait(Math.max(1, Math.min(left / 1_000_000, 250)));
      }
    }
  }

  /** Every committed value of {@code topic}, read to the end offsets of now. */
  static List<byte[]> readToEnd(Map<String, Object> connection, Topic<?> topic) {
    List<byte[]> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        Clients.readCommittedConsumer(connection, "vigil-drill-read")) {
      List<TopicPartition> parts = partitions(c, topic);
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(60));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(topic.name() + " not read to its end within 120 s");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
    }
    return out;
  }

  /**
   * Reads {@code topic} from the beginning until every id of {@code wanted} was seen (the redactor
   * needs a few commit intervals for the last events), or {@code timeout} passed and the topic was
   * read to its end; returns the ids seen.
   */
  static Set<String> readIds(
      Map<String, Object> connection,
      Topic<?> topic,
      java.util.function.Function<byte[], String> id,
      Set<String> wanted,
      Duration timeout) {
    Set<String> seen = new java.util.HashSet<>();
    try (KafkaConsumer<byte[], byte[]> c =
        Clients.readCommittedConsumer(connection, "vigil-drill-read")) {
      List<TopicPartition> parts = partitions(c, topic);
      c.assign(parts);
      c.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          seen.add(id.apply(r.value()));
        }
        if (seen.containsAll(wanted)) {
          return seen;
        }
        if (System.nanoTime() > deadline) {
          Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
          if (parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
            return seen;
          }
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
  }
}
