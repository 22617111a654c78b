package dev.vigil.bench;

import dev.vigil.app.runtime.Clients;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A backlog of passing health events, produced in one transaction that stays open until {@link
 * #commit()}: read_committed consumers (Streams under exactly-once) see none of it until then, and
 * all of it at once after.
 */
final class Backlog implements AutoCloseable {
  /** Long enough for instance JVMs to start on a busy machine; the broker's maximum is 15 min. */
  private static final int TRANSACTION_TIMEOUT_MS = 600_000;

  private final KafkaProducer<String, byte[]> producer;
  private final AvroSerializer<SpecificRecord> avro;
  private final String topic;
  private boolean committed;

  private Backlog(
      KafkaProducer<String, byte[]> producer, AvroSerializer<SpecificRecord> avro, String topic) {
    this.producer = producer;
    this.avro = avro;
    this.topic = topic;
  }

  static Backlog open(
      Map<String, Object> connection,
      SchemaRegistryClient registry,
      String topic,
      String transactionalId) {
    Map<String, Object> p = new java.util.HashMap<>(connection);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "vigil-bench-backlog-" + transactionalId);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
    KafkaProducer<String, byte[]> producer =
        Clients.producer(
            p, "vigil-bench-scale-out-load", new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
    producer.beginTransaction();
    return new Backlog(producer, new AvroSerializer<>(registry, false), topic);
  }

  /**
   * Sends {@code events} passing health results, round robin over every service x site x vantage
   * (keyed by service), and flushes; returns the seconds it took. Fails unless all were written.
   */
  double produce(List<String> services, int events) {
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long t0 = System.nanoTime();
    Instant now = Instant.now();
    int combos = services.size() * Probes.SITES.size() * Probes.VANTAGES.size();
    for (int i = 0; i < events; i++) {
      int c = i % combos;
      String service = services.get(c / 6);
      String site = Probes.SITES.get((c / 3) % 2);
      String vantage = Probes.VANTAGES.get(c % 3);
      byte[] value =
          avro.serialize(
              topic,
              Probes.result(service, site, vantage, CheckStatus.PASS, now.plusMillis(i / combos)));
      producer.send(
          new ProducerRecord<>(topic, service, value),
          (md, e) -> (e == null ? acked : failed).incrementAndGet());
    }
    producer.flush();
    if (acked.get() != events) {
      throw new IllegalStateException(
          "backlog to "
              + topic
              + ": "
              + acked.get()
              + " of "
              + events
              + " events written ("
              + failed.get()
              + " failed)");
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Commits the transaction; returns {@link System#nanoTime()} when the commit returned. */
  long commit() {
    producer.commitTransaction();
    committed = true;
    return System.nanoTime();
  }

  @Override
  public void close() {
    if (!committed) {
      producer.abortTransaction();
    }
    producer.close();
  }
}
