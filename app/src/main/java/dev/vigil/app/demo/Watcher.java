package dev.vigil.app.demo;

import dev.vigil.app.runtime.Clients;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.logging.Causes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the pipeline's outputs from the beginning with one read_committed consumer: the redacted
 * health, security and posture topics (what the correlator reads), triggers, state snapshots,
 * alerts and the audit trail. Each record goes to the {@link Timeline} and the {@link Narrator}.
 */
final class Watcher implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(Watcher.class);
  static final List<Topic<?>> TOPICS =
      List.of(
          Topics.HEALTH,
          Topics.SECURITY,
          Topics.POSTURE,
          Topics.FAILOVER_TRIGGERS,
          Topics.FAILOVER_STATE,
          Topics.ALERTS,
          Topics.AUDIT);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Deserializer<?>> decoders = new LinkedHashMap<>();
  private final Timeline timeline;
  private final Narrator narrator;
  private final Console console;
  private final Thread thread;
  private volatile boolean running = true;
  private boolean started;

  Watcher(
      Map<String, Object> connection,
      SchemaRegistryClient registry,
      Timeline timeline,
      Narrator narrator,
      Console console) {
    this.timeline = timeline;
    this.narrator = narrator;
    this.console = console;
    this.consumer = Clients.readCommittedConsumer(connection, "vigil-demo-watcher");
    TOPICS.forEach(t -> decoders.put(t.name(), TopicSerdes.value(t, registry).deserializer()));
    this.thread = new Thread(this::loop, "vigil-demo-watcher");
    this.thread.setDaemon(true);
  }

  void start() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<?> t : TOPICS) {
      consumer.partitionsFor(t.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .forEach(partitions::add);
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    started = true;
    thread.start();
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          Object value = decoders.get(r.topic()).deserialize(r.topic(), r.value());
          long at = console.elapsedMs();
          synchronized (console) { // a trigger's lines stay together
            narrator.on(value); // printed before the script, waiting on the timeline, moves on
          }
          timeline.add(new Timeline.Seen(r.topic(), value, r.timestamp(), at));
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        Causes.warn(LOGGER, e).log("demo watcher stopped reading");
        timeline.fail(new IllegalStateException("the demo stopped reading the topics", e));
      }
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (!started) {
      consumer.close(Duration.ofSeconds(2));
      return;
    }
    consumer.wakeup();
    thread.join(5_000);
  }
}
