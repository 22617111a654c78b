package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code vigil audit verify} against real topics: an intact chain passes; an edited, dropped,
 * inserted (duplicated) or reordered copy of it fails at the first bad record with exit code 1.
 */
@ExtendWith(VigilPlatformExtension.class)
class AuditVerifyIT {

  @Test
  void shouldPassAnIntactChainAndDetectEditDropInsertAndReorder(VigilPlatform platform)
      throws Exception {
    // Given a chain of five sealed records
    List<AuditRecord> chain = new ArrayList<>();
    AuditChain.Head head = AuditChain.Head.genesis();
    for (int i = 0; i < 5; i++) {
      AuditRecord r =
          AuditChain.seal(
              "failover",
              head,
              AuditEntry.of(
                  Instant.parse("2026-03-02T08:00:00Z").plusSeconds(i),
                  "vigil-failover",
                  AuditAction.TRIGGER,
                  "payments",
                  Map.of("n", Integer.toString(i)),
                  null));
      chain.add(r);
      head = AuditChain.Head.after(r);
    }
    List<AuditRecord> edited = new ArrayList<>(chain);
    edited.set(2, AuditRecord.newBuilder(chain.get(2)).setActor("mallory").build());
    List<AuditRecord> dropped = new ArrayList<>(chain);
    dropped.remove(2);
    List<AuditRecord> inserted = new ArrayList<>(chain);
    inserted.add(3, chain.get(2));
    List<AuditRecord> reordered = new ArrayList<>(chain);
    reordered.set(2, chain.get(3));
    reordered.set(3, chain.get(2));

    // When each is written to its own one-partition topic and verified
    String intactTopic = write(platform, "intact", chain);
    Result intact = verify(platform, intactTopic);
    Result edit = verify(platform, write(platform, "edited", edited));
    Result drop = verify(platform, write(platform, "dropped", dropped));
    Result insert = verify(platform, write(platform, "inserted", inserted));
    Result reorder = verify(platform, write(platform, "reordered", reordered));

    // Then the intact chain passes and every tampered copy fails at its first bad record
    assertThat(intact.code).as(intact.out).isZero();
    assertThat(intact.out).contains("chain=failover records=5 ok");
    assertThat(edit.code).isEqualTo(1);
    assertThat(edit.out).contains("BAD at index=2 seq=2").contains("record edited");
    assertThat(drop.code).isEqualTo(1);
    assertThat(drop.out).contains("BAD at index=2 seq=3").contains("seq gap");
    assertThat(insert.code).isEqualTo(1);
    assertThat(insert.out).contains("BAD at index=3 seq=2").contains("inserted or reordered");
    assertThat(reorder.code).isEqualTo(1);
    assertThat(reorder.out).contains("BAD at index=2 seq=3");
  }

  private static String write(VigilPlatform platform, String what, List<AuditRecord> records)
      throws Exception {
    String topic = platform.uniqueName("audit-" + what);
    platform.createTopics(1, topic);
    try (SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of());
        KafkaProducer<String, AuditRecord> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    platform.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all"),
                new StringSerializer(),
                TopicSerdes.value(Topics.AUDIT, registry).serializer())) {
      for (AuditRecord r : records) {
        producer.send(new ProducerRecord<>(topic, r.getChain(), r)).get();
      }
    }
    return topic;
  }

  private static Result verify(VigilPlatform platform, String topic) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "audit",
            "verify",
            "--from-beginning",
            "--bootstrap",
            platform.bootstrapServers(),
            "--registry",
            platform.registryUrl(),
            "--topic",
            topic);
    return new Result(code, out + err.toString());
  }

  private record Result(int code, String out) {}
}
