package dev.vigil.app;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.testkit.VigilPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The evidence of one incident on the redacted topics, as the redactor would write it: probes of
 * two sites from two vantage points, IDS heartbeats and a clean baseline. Health events the cluster
 * acknowledged are remembered by event id, so a test can prove none was lost.
 */
final class IncidentFeed {
  private final String service;
  private final SchemaRegistryClient registry;
  private final KafkaProducer<String, byte[]> producer;
  private final Set<String> acknowledged;

  IncidentFeed(
      String service,
      SchemaRegistryClient registry,
      KafkaProducer<String, byte[]> producer,
      Set<String> acknowledged) {
    this.service = service;
    this.registry = registry;
    this.producer = producer;
    this.acknowledged = acknowledged;
  }

  /** Good posture for {@code site}: baseline, certificate and key version. */
  void posture(String site) {
    send(Topics.POSTURE, finding(site, PostureCheck.DRIFT, "baseline").build(), null);
    PostureFinding cert = finding(site, PostureCheck.CERTIFICATE, "tls-main").build();
    cert.getFinding().setNotAfter(Instant.now().plus(Duration.ofDays(90)));
    cert.getFinding().setCertFingerprint("AA:BB");
    send(Topics.POSTURE, cert, null);
    PostureFinding key = finding(site, PostureCheck.KEY_VERSION, "keys").build();
    key.getFinding().setKeyId("k1");
    key.getFinding().setKeyVersion("7");
    send(Topics.POSTURE, key, null);
  }

  /** One probe round: primary with {@code primaryStatus}, dr passing; heartbeats of both. */
  void round(CheckStatus primaryStatus) {
    try {
      for (String v : List.of("v1", "v2")) {
        HealthCheckResult p = probe("primary", v, primaryStatus);
        send(Topics.HEALTH, p, p.getEventId().toString());
        HealthCheckResult d = probe("dr", v, CheckStatus.PASS);
        send(Topics.HEALTH, d, d.getEventId().toString());
      }
      send(Topics.POSTURE, finding("primary", PostureCheck.IDS_HEARTBEAT, "ids").build(), null);
      send(Topics.POSTURE, finding("dr", PostureCheck.IDS_HEARTBEAT, "ids").build(), null);
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void send(Topic<?> topic, SpecificRecord event, String trackedId) {
    byte[] value =
        TopicSerdes.value((Topic) topic, registry).serializer().serialize(topic.name(), event);
    producer.send(
        new ProducerRecord<>(topic.name(), service, value),
        (metadata, error) -> {
          if (error == null && trackedId != null) {
            acknowledged.add(trackedId);
          }
        });
  }

  private HealthCheckResult probe(String site, String vantage, CheckStatus status) {
    return EventFixtures.probe(service, site, vantage, status, Instant.now());
  }

  private PostureFinding.Builder finding(String site, PostureCheck check, String control) {
    return EventFixtures.finding(service, site, check, control, Instant.now());
  }

  /** Every committed value of {@code topic}, read to the end offsets of now. */
  static List<byte[]> readAll(VigilPlatform platform, String topic) {
    List<byte[]> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = platform.readCommittedConsumer(topic)) {
      Set<TopicPartition> parts = c.assignment();
      Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(60));
      org.awaitility.Awaitility.await(topic + " read to its end")
          .atMost(Duration.ofSeconds(60))
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                  out.add(r.value());
                }
                return parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
              });
    }
    return out;
  }

  static List<AuditRecord> readAudit(VigilPlatform platform, SchemaRegistryClient registry) {
    var decoder = TopicSerdes.value(Topics.AUDIT, registry).deserializer();
    return readAll(platform, Topics.AUDIT.name()).stream()
        .map(v -> decoder.deserialize(Topics.AUDIT.name(), v))
        .collect(Collectors.toList());
  }
}
