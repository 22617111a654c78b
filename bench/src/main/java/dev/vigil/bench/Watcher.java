package dev.vigil.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A read_committed consumer on its own thread, from the end of {@code topic}: hands every record
 * and the wall clock it became visible at to {@code sink}. This is what an actuator sees.
 */
final class Watcher implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final BiConsumer<ConsumerRecord<String, byte[]>, Long> sink;
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  Watcher(
      Map<String, Object> clientProperties,
      String topic,
      int fetchMaxWaitMs,
      BiConsumer<ConsumerRecord<String, byte[]>, Long> sink) {
    Map<String, Object> p = new HashMap<>(clientProperties);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", false);
    p.put("fetch.max.wait.ms", fetchMaxWaitMs);
    p.put("max.poll.records", 5000);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.sink = sink;
    List<TopicPartition> parts = new ArrayList<>();
    consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position);
    this.thread = new Thread(this::run, "bench-watch-" + topic);
    this.thread.setDaemon(true);
  }

  Watcher start() throws InterruptedException {
    thread.start();
    positioned.await(30, TimeUnit.SECONDS);
    return this;
  }

  private void run() {
    positioned.countDown();
    while (running) {
      var records = consumer.poll(Duration.ofMillis(5));
      long now = System.currentTimeMillis();
      for (ConsumerRecord<String, byte[]> r : records) {
        sink.accept(r, now);
      }
    }
    consumer.close(Duration.ofSeconds(5));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(TimeUnit.SECONDS.toMillis(10));
  }
}
