package dev.vigil.bench;

import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Background load: every service is probed on both sites from every vantage, all passing, round
 * robin, paced to {@code rate} events/s on one producer thread (acks=all, as collectors do).
 */
final class HealthLoad implements AutoCloseable {
  private final Map<String, Object> clientProperties;
  private final AvroSerializer<SpecificRecord> avro;
  private final String topic;
  private final List<String> services;
  private final int rate;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean running = true;
  private Thread thread;
  private long startNanos;
  private long stopNanos;

  HealthLoad(
      Map<String, Object> clientProperties,
      SchemaRegistryClient registry,
      String topic,
      List<String> services,
      int rate) {
    this.clientProperties = clientProperties;
    this.avro = new AvroSerializer<>(registry, false);
    this.topic = topic;
    this.services = services;
    this.rate = rate;
  }

  HealthLoad start() {
    thread = new Thread(this::run, "bench-health-load");
    thread.setDaemon(true);
    startNanos = System.nanoTime();
    thread.start();
    return this;
  }

  private void run() {
    Map<String, Object> p = new HashMap<>(clientProperties);
    p.put("acks", "all");
    p.put("linger.ms", 5);
    p.put("batch.size", 262144);
    int combos = services.size() * Probes.SITES.size() * Probes.VANTAGES.size();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      long i = 0;
      while (running) {
        long due = (System.nanoTime() - startNanos) * rate / 1_000_000_000L;
        if (i >= due) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
          continue;
        }
        int c = (int) (i % combos);
        String service = services.get(c / 6);
        String site = Probes.SITES.get((c / 3) % 2);
        String vantage = Probes.VANTAGES.get(c % 3);
        byte[] value =
            avro.serialize(
                topic, Probes.result(service, site, vantage, CheckStatus.PASS, Instant.now()));
        producer.send(
            new ProducerRecord<>(topic, null, System.currentTimeMillis(), service, value),
            (md, e) -> (e == null ? acked : failed).incrementAndGet());
        sent.incrementAndGet();
        i++;
      }
      producer.flush();
    }
  }

  /** Events acknowledged by the broker per second while running. */
  double achievedRate() {
    long end = stopNanos == 0 ? System.nanoTime() : stopNanos;
    return acked.get() / ((end - startNanos) / 1e9);
  }

  long acked() {
    return acked.get();
  }

  long failed() {
    return failed.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    stopNanos = System.nanoTime();
  }
}
