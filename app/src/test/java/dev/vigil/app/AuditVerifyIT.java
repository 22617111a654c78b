package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.runtime.AuditTrail;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.streams.audit.AuditKeys;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil audit verify} against real topics: an intact keyed chain passes; an edited, dropped,
 * inserted (duplicated) or reordered copy fails at the first bad record with exit code 1; on the
 * shared audit topic a chain written by the audit trail writer catches a record forged with a
 * correctly recomputed SHA-256, and a truncated copy is caught against the witnessed checkpoint.
 * The shared topic holds other tests' chains (under other keys): each test verifies its own chain.
 */
@ExtendWith(VigilPlatformExtension.class)
class AuditVerifyIT {
  private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");

  @TempDir Path dir;

  @Test
  void shouldPassAnIntactChainAndDetectEditDropInsertAndReorder(VigilPlatform platform)
      throws Exception {
    // Given a keyed chain of five sealed records and the keys on disk
    AuditKeys keys = AuditKeys.readOrCreate(dir.resolve("audit-keys"));
    List<AuditRecord> chain = new ArrayList<>();
    AuditChain.Head head = AuditChain.Head.genesis();
    for (int i = 0; i < 5; i++) {
      AuditRecord r =
          AuditChain.seal(
              "failover",
              head,
              AuditEntry.of(
                  T.plusSeconds(i),
                  "vigil-failover",
                  AuditAction.TRIGGER,
                  "payments",
                  Map.of("n", Integer.toString(i)),
                  null),
              keys);
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
    CliRun intact = verify(platform, write(platform, "intact", chain), null);
    CliRun edit = verify(platform, write(platform, "edited", edited), null);
    CliRun drop = verify(platform, write(platform, "dropped", dropped), null);
    CliRun insert = verify(platform, write(platform, "inserted", inserted), null);
    CliRun reorder = verify(platform, write(platform, "reordered", reordered), null);

    // Then the intact chain passes and every tampered copy fails at its first bad record
    assertThat(intact.code()).as(intact.output()).isZero();
    assertThat(intact.output()).contains("chain=failover records=5 seq=0..4 checkpoint=none ok");
    assertThat(edit.code()).isEqualTo(1);
    assertThat(edit.output()).contains("BAD edited at seq=2 index=2");
    assertThat(drop.code()).isEqualTo(1);
    assertThat(drop.output()).contains("BAD deleted at seq=3 index=2");
    assertThat(insert.code()).isEqualTo(1);
    assertThat(insert.output()).contains("BAD inserted at seq=2 index=3");
    assertThat(reorder.code()).isEqualTo(1);
    assertThat(reorder.output()).contains("BAD reordered at seq=3 index=2");
    assertThat(edit.output() + drop.output() + insert.output() + reorder.output())
        .doesNotContain("mallory")
        .doesNotContain("payments");

    // And a copy rewritten by someone without the keys: MACs stripped, an actor changed, every
    // plain SHA-256 link recomputed, fails too (accepted only when asked to take unkeyed records)
    List<AuditRecord> stripped = new ArrayList<>();
    AuditChain.Head strippedHead = AuditChain.Head.genesis();
    for (AuditRecord r : chain) {
      AuditRecord unkeyed =
          AuditChain.seal(
              "failover",
              strippedHead,
              AuditEntry.of(
                  T.plusSeconds(r.getSeq()),
                  r.getSeq() == 2 ? "mallory" : "vigil-failover",
                  AuditAction.TRIGGER,
                  "payments",
                  Map.of("n", Long.toString(r.getSeq())),
                  null));
      stripped.add(unkeyed);
      strippedHead = AuditChain.Head.after(unkeyed);
    }
    String strippedTopic = write(platform, "stripped", stripped);
    CliRun strip = verify(platform, strippedTopic, null);
    assertThat(strip.code()).as(strip.output()).isEqualTo(1);
    assertThat(strip.output()).contains("BAD unkeyed chain=failover: 5 record(s) without a MAC");
    CliRun allowed = verify(platform, strippedTopic, null, "--allow-unkeyed");
    assertThat(allowed.code()).as(allowed.output()).isZero();
    assertThat(allowed.output()).contains("unkeyed=5");
  }

  @Test
  void shouldDetectAForgedRecordWithRecomputedSha256AndACutOffTailOfAWrittenChain(
      VigilPlatform platform) throws Exception {
    // Given the audit trail writer appending four keyed records (each followed by a signed
    // checkpoint) to its own chain on the shared audit topic
    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
    String chain = platform.uniqueName("audit-it");
    AuditKeys keys = AuditKeys.readOrCreate(dir.resolve("audit-keys"));
    List<AuditRecord> written;
    try (SchemaRegistryClient registry =
        SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      AuditTrail trail =
          new AuditTrail(
              // the admin, as vigil's audit writers (vigil keys, vigil access) run: the trail reads
              // its chains' heads as well as appending
              platform.clientProperties(), registry, "audit-verify-it", keys);
      AuditChain.Head head = AuditChain.Head.genesis();
      for (int i = 0; i < 4; i++) {
        head =
            trail
                .append(
                    chain,
                    head,
                    AuditEntry.of(
                        T.plusSeconds(i),
                        "ops-alice",
                        AuditAction.KEYS_LISTED,
                        "site-keys",
                        Map.of("n", Integer.toString(i)),
                        null))
                .head();
      }
      written = trail.read(Set.of(chain));
    }
    assertThat(written).hasSize(8);

    // When it is verified on the audit topic (which records its latest checkpoint as witnessed)
    CliRun clean = verify(platform, Topics.AUDIT.name(), chain);

    // Then it passes, ending at a checkpoint of seq 6
    assertThat(clean.code()).as(clean.output()).isZero();
    assertThat(clean.output())
        .contains("chain=" + chain + " records=8 seq=0..7 checkpoint=7 after_checkpoint=0")
        .contains(" ok");
    assertThat(Files.readString(dir.resolve("witness.tsv"))).startsWith(chain + "\t7\t6\t");

    // When a copy holding seq 0..3 only is verified against the witness (checkpoint beyond it)
    String truncated = write(platform, "truncated", written.subList(0, 4));
    CliRun cut = verify(platform, truncated, chain);

    // Then the cut-off tail is reported
    assertThat(cut.code()).isEqualTo(1);
    assertThat(cut.output())
        .contains("chain=" + chain + " records=4 seq=0..3")
        .contains("BAD cut-off-tail at seq=4")
        .contains("names head seq 6 but the chain ends at seq 3");

    // When a copy whose records up to the witnessed head (seq 0..6) are gone is verified
    String headless = write(platform, "headless", written.subList(7, 8));
    CliRun missing = verify(platform, headless, chain);

    // Then verify fails naming the chain and the missing seq, unless a retention gap is declared
    assertThat(missing.code()).as(missing.output()).isEqualTo(1);
    assertThat(missing.output())
        .contains("BAD head-missing at seq=7 index=0")
        .contains("chain " + chain + " starts at seq 7: seq 0..6 missing");
    CliRun retained = verify(platform, headless, chain, "--after-retention");
    assertThat(retained.code()).as(retained.output()).isZero();
    assertThat(retained.output()).contains("warning: seq 0..6 gone (retention)");

    // When a plain producer appends a forged record whose plain SHA-256 chain link is correct and
    // which carries the key id and MAC of the record before it
    AuditRecord last = written.get(written.size() - 1);
    AuditRecord forged =
        AuditChain.seal(
            chain,
            AuditChain.Head.after(last),
            AuditEntry.of(
                T.plusSeconds(60),
                "ops-alice",
                AuditAction.ACCESS_REVOKED,
                "User:siem",
                Map.of("grant", "G-000000000000"),
                null));
    forged.setKeyId(last.getKeyId());
    forged.setMac(last.getMac());
    assertThat(AuditChain.hash(forged)).isEqualTo(forged.getHash());
    produce(platform, Topics.AUDIT.name(), List.of(forged));
    CliRun tampered = verify(platform, Topics.AUDIT.name(), chain);

    // Then verify fails naming the chain and the forged record's seq
    assertThat(tampered.code()).isEqualTo(1);
    assertThat(tampered.output())
        .contains("chain=" + chain + " records=9")
        .contains("BAD edited at seq=8 index=8")
        .doesNotContain("siem");
  }

  private static String write(VigilPlatform platform, String what, List<AuditRecord> records)
      throws Exception {
    String topic = platform.uniqueName("audit-" + what);
    platform.createTopics(1, topic);
    produce(platform, topic, records);
    return topic;
  }

  private static void produce(VigilPlatform platform, String topic, List<AuditRecord> records)
      throws Exception {
    try (SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of());
        KafkaProducer<String, AuditRecord> producer =
            new KafkaProducer<>(
                adminProducer(platform),
                new StringSerializer(),
                TopicSerdes.value(Topics.AUDIT, registry).serializer())) {
      for (AuditRecord r : records) {
        producer.send(new ProducerRecord<>(topic, r.getChain(), r)).get();
      }
    }
  }

  /** The admin (a super user): writes the test's copies and, as an insider, forges. */
  private static Map<String, Object> adminProducer(VigilPlatform platform) {
    Map<String, Object> props = platform.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  private CliRun verify(VigilPlatform platform, String topic, String chain, String... extra) {
    // the auditor's own user on the audit topic; the admin on the test's copies of it
    Path clientConfig =
        topic.equals(Topics.AUDIT.name())
            ? platform.clientConfigFile(Principal.AUDITOR)
            : platform.clientConfigFile();
    List<String> argv =
        CliRun.withConnection(
            platform,
            clientConfig,
            "audit",
            "verify",
            "--topic",
            topic,
            "--keys",
            dir.resolve("audit-keys").toString(),
            "--witness",
            dir.resolve("witness.tsv").toString());
    if (chain != null) {
      argv.addAll(List.of("--chain", chain));
    }
    argv.addAll(List.of(extra));
    return CliRun.vigil(argv);
  }
}
