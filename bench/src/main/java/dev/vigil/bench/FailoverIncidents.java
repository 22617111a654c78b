package dev.vigil.bench;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The failover bench's incidents: for each service in turn, both sites UP, then the primary DOWN on
 * a quorum of vantages; the detection latency is from the Kafka timestamp of the health event that
 * crossed the quorum to the incident's first trigger (PREPARE or BLOCKED, step 0) seen by the
 * bench's read_committed watcher ({@link #watchTriggers}).
 */
final class FailoverIncidents {
  private static final int ROUND_GAP_MS = 50;
  private static final Duration TRIGGER_TIMEOUT = Duration.ofSeconds(15);

  /** Incidents stop after this long (a correlator that falls behind would take hours). */
  private static final Duration PHASE_BUDGET = Duration.ofMinutes(3);

  private final BenchReport report;
  private final Map<String, Long> firstTrigger = new ConcurrentHashMap<>();
  private final Map<String, FailoverTrigger> firstTriggerValue = new ConcurrentHashMap<>();

  FailoverIncidents(BenchReport report) {
    this.report = report;
  }

  /**
   * One phase: detection latencies, incidents without a trigger, triggers with the crossing event
   * among their evidence, and BLOCKED triggers.
   */
  record Result(Percentiles latency, int missed, int attributed, int blocked) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new java.util.LinkedHashMap<>(latency.toMap());
      m.put("incidents_without_trigger", missed);
      m.put("crossing_event_in_evidence", attributed);
      m.put("blocked", blocked);
      return m;
    }

    String notes() {
      return (missed == 0 ? "" : "; " + missed + " incidents without a trigger within 15 s")
          + "; crossing event among the trigger's evidence in "
          + attributed
          + "/"
          + latency.count()
          + (blocked == 0 ? "" : "; " + blocked + " BLOCKED");
    }
  }

  /** One incident per service, one after the other, at random gaps. */
  Result run(
      KafkaProducer<String, byte[]> probes,
      AvroSerializer<SpecificRecord> avro,
      String input,
      List<String> services)
      throws Exception {
    Percentiles p = new Percentiles();
    int missed = 0;
    AtomicInteger attributed = new AtomicInteger();
    int blocked = 0;
    long budgetEnd = System.nanoTime() + PHASE_BUDGET.toNanos();
    for (String service : services) {
      if (System.nanoTime() > budgetEnd) {
        report.printf(
            "  (stopped after %d of %d incidents: %s budget spent)%n",
            p.count() + missed, services.size(), PHASE_BUDGET);
        break;
      }
      steady(probes, avro, input, service);
      Crossing crossing = failPrimary(probes, avro, input, service);
      long deadline = System.nanoTime() + TRIGGER_TIMEOUT.toNanos();
      while (!firstTrigger.containsKey(service) && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      Long at = firstTrigger.get(service);
      if (at == null) {
        missed++;
        continue;
      }
      p.add(at - crossing.ts());
      FailoverTrigger t = firstTriggerValue.get(service);
      if (t.getEvidenceEventIds().stream().anyMatch(id -> id.toString().equals(crossing.id()))) {
        attributed.incrementAndGet();
      }
      if (t.getStage() == TriggerStage.BLOCKED) {
        blocked++;
      }
      TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(0, 250));
    }
    return new Result(p, missed, attributed.get(), blocked);
  }

  /** Both sites UP from every vantage (successThreshold 2). */
  private static void steady(
      KafkaProducer<String, byte[]> probes,
      AvroSerializer<SpecificRecord> avro,
      String input,
      String service)
      throws InterruptedException {
    for (int round = 0; round < 2; round++) {
      for (String site : Probes.SITES) {
        for (String v : Probes.VANTAGES) {
          send(probes, avro, input, service, site, v, CheckStatus.PASS, null);
        }
      }
      probes.flush();
      TimeUnit.MILLISECONDS.sleep(ROUND_GAP_MS);
    }
  }

  /** The health event that crossed the quorum: when it was produced, and its event id. */
  private record Crossing(long ts, String id) {}

  /**
   * The primary fails on every vantage while the DR site passes; the third FAIL of vantage-2
   * crosses the quorum.
   */
  private static Crossing failPrimary(
      KafkaProducer<String, byte[]> probes,
      AvroSerializer<SpecificRecord> avro,
      String input,
      String service)
      throws InterruptedException {
    long crossingTs = -1;
    String crossingId = null;
    for (int round = 0; round < 3; round++) {
      for (String v : Probes.VANTAGES) {
        boolean crossing = round == 2 && v.equals(Probes.VANTAGES.get(1));
        long ts = System.currentTimeMillis();
        String id = send(probes, avro, input, service, Probes.PRIMARY, v, CheckStatus.FAIL, ts);
        if (crossing) {
          crossingTs = ts;
          crossingId = id;
        }
      }
      for (String v : Probes.VANTAGES) {
        send(probes, avro, input, service, Probes.DR, v, CheckStatus.PASS, null);
      }
      probes.flush();
      if (round < 2) {
        TimeUnit.MILLISECONDS.sleep(ROUND_GAP_MS);
      }
    }
    return new Crossing(crossingTs, crossingId);
  }

  static String send(
      KafkaProducer<String, byte[]> producer,
      AvroSerializer<SpecificRecord> avro,
      String topic,
      String service,
      String site,
      String vantage,
      CheckStatus status,
      Long timestamp) {
    HealthCheckResult e = Probes.result(service, site, vantage, status, Instant.now());
    long ts = timestamp == null ? System.currentTimeMillis() : timestamp;
    producer.send(new ProducerRecord<>(topic, null, ts, service, avro.serialize(topic, e)));
    return e.getEventId().toString();
  }

  /**
   * A started watcher of {@code vigil.failover.triggers.v1} that records each service's first
   * trigger.
   */
  Watcher watchTriggers(
      Map<String, Object> client, SchemaRegistryClient registry, int fetchMaxWaitMs)
      throws InterruptedException {
    Deserializer<FailoverTrigger> triggers =
        TopicSerdes.value(Topics.FAILOVER_TRIGGERS, registry).deserializer();
    return new Watcher(
            client,
            Topics.FAILOVER_TRIGGERS.name(),
            fetchMaxWaitMs,
            (r, at) -> onTrigger(r, at, triggers))
        .start();
  }

  private void onTrigger(
      ConsumerRecord<String, byte[]> r, long at, Deserializer<FailoverTrigger> triggers) {
    FailoverTrigger t = triggers.deserialize(r.topic(), r.value());
    if (t.getStep() == 0
        && (t.getStage() == TriggerStage.PREPARE || t.getStage() == TriggerStage.BLOCKED)
        && firstTrigger.putIfAbsent(r.key(), at) == null) {
      firstTriggerValue.put(r.key(), t);
    }
  }
}
