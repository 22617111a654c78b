package dev.vigil.streams.ocsf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.redaction.RedactionHeaders;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OcsfApp} on a real broker and registry, read the way a SIEM sink reads it: a plain {@code
 * KafkaConsumer<String, String>} (read_committed) on the OCSF topics, each value parsed as JSON.
 */
@ExtendWith(VigilPlatformExtension.class)
class OcsfAppIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SIGNALS = 50;

  @TempDir Path stateDir;

  @Test
  void shouldExportRedactedSignalsTriggersAndCommandsAsValidOcsfJsonReadableByAPlainConsumer(
      VigilPlatform platform) throws Exception {
    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
      Set<String> expected = new TreeSet<>();
      Set<String> signalIds = new TreeSet<>();
      String unredactedId;
      // the exporter's own user, with the ACLs vigil run gives it, under this run's app id
      String applicationId = platform.uniqueName("vigil-ocsf");
      try (OcsfApp app =
              OcsfApp.start(
                  new OcsfApp.Settings(applicationId, "0.1.0-it", stateDir, Map.of()),
                  platform.streamsClientProperties(Principal.EXPORTER, applicationId),
                  registry,
                  OpenTelemetry.noop());
          KafkaProducer<String, byte[]> producer = platform.producer();
          KafkaConsumer<String, String> siem = siemConsumer(platform)) {
        // Given redacted signals with the redactor's headers, one signal without them, a failover
        // trigger and an audited operator command
        for (int i = 0; i < SIGNALS; i++) {
          SecuritySignal s =
              (SecuritySignal) OcsfFixtures.redact(OcsfFixtures.plantedSignal(1000 + i));
          s.setEventId(UUID.randomUUID());
          signalIds.add(s.getEventId().toString());
          send(producer, registry, Topics.SECURITY, s, true);
        }
        SecuritySignal unredacted = OcsfFixtures.plantedSignal(1);
        unredacted.setEventId(UUID.randomUUID());
        unredactedId = unredacted.getEventId().toString();
        send(producer, registry, Topics.SECURITY, unredacted, false);
        expected.addAll(signalIds);
        FailoverTrigger trigger = trigger(platform.uniqueName("inc"));
        expected.add(trigger.getTriggerId());
        send(producer, registry, Topics.FAILOVER_TRIGGERS, trigger, false);
        AuditRecord command = command(platform.uniqueName("aud"));
        expected.add(command.getRecordId());
        send(producer, registry, Topics.AUDIT, command, false);
        producer.flush();

        // When a SIEM sink reads the OCSF topics with a plain String consumer
        Map<String, JsonNode> seen = new HashMap<>();
        List<String> all = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () -> {
                  for (ConsumerRecord<String, String> r : siem.poll(Duration.ofMillis(500))) {
                    all.add(r.value());
                    JsonNode e = JSON.readTree(r.value());
                    seen.put(e.at("/metadata/uid").asText(), e);
                  }
                  assertThat(seen.keySet()).containsAll(expected);
                });

        // Then every record is one valid OCSF event, with no planted PII and no unredacted signal
        for (String value : all) {
          assertThat(OcsfValidator.shared().validate(value)).as(value).isEmpty();
          assertThat(value).doesNotContain(OcsfFixtures.PLANTED);
        }
        assertThat(seen).doesNotContainKey(unredactedId);
        assertThat(seen.get(trigger.getTriggerId()).get("class_uid").asInt()).isEqualTo(2005);
        assertThat(seen.get(command.getRecordId()).get("class_uid").asInt()).isEqualTo(3004);
        assertThat(signalIds)
            .allSatisfy(id -> assertThat(seen.get(id).get("class_uid").asInt()).isEqualTo(2004));
      }
    }
  }

  private static KafkaConsumer<String, String> siemConsumer(VigilPlatform platform) {
    // the SIEM's own user: it reads the OCSF topics in groups under its user name
    Map<String, Object> props = platform.clientProperties(Principal.SIEM);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, platform.uniqueName("vigil-siem"));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, String> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    c.subscribe(List.of(Topics.OCSF_FINDINGS.name(), Topics.OCSF_ACTIVITY.name()));
    return c;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void send(
      KafkaProducer<String, byte[]> producer,
      SchemaRegistryClient registry,
      Topic<?> topic,
      Object value,
      boolean redacted) {
    byte[] bytes =
        TopicSerdes.value((Topic) topic, registry).serializer().serialize(topic.name(), value);
    RecordHeaders headers = new RecordHeaders();
    if (redacted) {
      RedactionHeaders.put(headers, RedactionHeaders.RULESET_ID, "vigil-default");
      RedactionHeaders.put(headers, RedactionHeaders.RULESET_VERSION, "1");
    }
    producer.send(new ProducerRecord<>(topic.name(), null, "payments", bytes, headers));
  }

  private static FailoverTrigger trigger(String incident) {
    Instant now = Instant.now();
    return FailoverTrigger.newBuilder()
        .setTriggerId("trg-" + incident)
        .setIncidentId(incident)
        .setService("payments")
        .setFromSite("primary")
        .setToSite("dr")
        .setStage(TriggerStage.PREPARE)
        .setStep(0)
        .setTrafficPercent(0)
        .setGates(
            List.of(
                GateResult.newBuilder()
                    .setGate(GateName.INTRUSION)
                    .setPassed(true)
                    .setWaived(true)
                    .setReason("waived until 2026-12-04T20:00:00Z")
                    .build()))
        .setReason("primary is DOWN by probe quorum; dr is UP and gated")
        .setIssuedAt(now)
        .setValidUntil(now.plusSeconds(300))
        .setConfigVersion("cfg-it")
        .build();
  }

  /** An audited command on a chain of its own (other ITs verify the failover chain). */
  private static AuditRecord command(String id) {
    return AuditRecord.newBuilder()
        .setSeq(0)
        .setRecordId(id)
        .setOccurredAt(Instant.now())
        .setActor("ops-oncall")
        .setAction("command")
        .setSubject("payments")
        .setDetails(
            Map.of(
                "command", "APPROVE", "command_id", id, "outcome", "applied: next stage approved"))
        .setPrevHash("0".repeat(64))
        .setHash("2".repeat(64))
        .setChain(id)
        .build();
  }
}
