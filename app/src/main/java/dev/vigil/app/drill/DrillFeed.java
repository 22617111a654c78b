package dev.vigil.app.drill;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.SampleEvents;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collectors of the drill: probes of each service's two application sites from two vantage
 * points, IDS heartbeats and a clean posture baseline, written to the raw topics with the
 * collectors' producer settings (idempotent, acks=all), so the redactor and the correlator see what
 * they see in production. Every health event the cluster acknowledged is remembered with the moment
 * of its acknowledgement, so the drill can prove none was lost.
 */
final class DrillFeed {
  private static final Logger LOGGER = LoggerFactory.getLogger(DrillFeed.class);
  static final String ACTIVE = "primary";
  static final String STANDBY = "dr";

  private final List<String> services;
  private final SchemaRegistryClient registry;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, Long> acknowledgedAtNanos = new ConcurrentHashMap<>();
  private final AtomicLong failedSends = new AtomicLong();
  private volatile String failing;

  DrillFeed(
      List<String> services,
      SchemaRegistryClient registry,
      KafkaProducer<String, byte[]> producer) {
    this.services = List.copyOf(services);
    this.registry = registry;
    this.producer = producer;
  }

  /** From now on the active site of {@code service} fails its probes. */
  void fail(String service) {
    failing = service;
  }

  /** Good posture of both application sites of every service: baseline, certificate, key. */
  void posture() {
    for (String service : services) {
      for (String site : List.of(ACTIVE, STANDBY)) {
        for (PostureFinding finding : SampleEvents.goodPosture(service, site, Instant.now())) {
          send(Topics.POSTURE_RAW, service, finding);
        }
      }
    }
  }

  /** One probe round of every service, and the IDS heartbeats of its sites. */
  void round() {
    try {
      for (String service : services) {
        CheckStatus active = service.equals(failing) ? CheckStatus.FAIL : CheckStatus.PASS;
        for (String vantage : List.of("v1", "v2")) {
          send(Topics.HEALTH_RAW, service, probe(service, ACTIVE, vantage, active));
          send(Topics.HEALTH_RAW, service, probe(service, STANDBY, vantage, CheckStatus.PASS));
        }
        for (String site : List.of(ACTIVE, STANDBY)) {
          send(Topics.POSTURE_RAW, service, SampleEvents.heartbeat(service, site, Instant.now()));
        }
      }
    } catch (RuntimeException e) {
      // a send refused before it reached the producer's buffer: not acknowledged, not tracked
      failedSends.incrementAndGet();
      LOGGER.atWarn().addKeyValue("error", e.getClass().getSimpleName()).log("drill feed round");
    }
  }

  /** Event id → {@link System#nanoTime()} of the acknowledgement, of every acknowledged probe. */
  Map<String, Long> acknowledged() {
    return Map.copyOf(acknowledgedAtNanos);
  }

  long failedSends() {
    return failedSends.get();
  }

  void flush() {
    producer.flush();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void send(Topic<?> topic, String service, SpecificRecord event) {
    Serializer serializer = TopicSerdes.value((Topic) topic, registry).serializer();
    byte[] value = serializer.serialize(topic.name(), event);
    String tracked = event instanceof HealthCheckResult h ? h.getEventId().toString() : null;
    producer.send(
        new ProducerRecord<>(topic.name(), service, value),
        (metadata, error) -> {
          if (error != null) {
            failedSends.incrementAndGet();
          } else if (tracked != null) {
            acknowledgedAtNanos.put(tracked, System.nanoTime());
          }
        });
  }

  private static HealthCheckResult probe(
      String service, String site, String vantage, CheckStatus status) {
    return SampleEvents.probe(service, site, vantage, status, Instant.now());
  }
}
