package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.CliRun;
import dev.vigil.app.runtime.Endpoints;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditKeys;
import dev.vigil.testkit.AuditTopic;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands that append to the audit trail key their records with the platform's audit
 * keys ({@code audit.keysDir}), named by {@code --config} or announced by the running {@code vigil
 * run} in endpoints.json, so {@code vigil audit verify} with those keys passes without {@code
 * --allow-unkeyed}.
 */
@ExtendWith(VigilPlatformExtension.class)
class CliAuditKeysIT {
  @TempDir Path dir;

  @Test
  void shouldKeyCliAuditRecordsWithTheConfiguredAuditKeysDir(VigilPlatform platform)
      throws Exception {
    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
    // Given a config whose audit.keysDir is not under the data dir
    Path auditKeys = dir.resolve("shared-audit-keys");
    AuditKeys.readOrCreate(auditKeys);
    Path config = dir.resolve("vigil.yaml");
    Files.writeString(config, "audit:\n  keysDir: \"" + auditKeys + "\"\n");
    Path dataDir = dir.resolve("data");
    Path redactionKeys = dir.resolve("redaction-keys");
    long from = AuditTopic.end(platform);

    // When vigil keys appends to the audit trail with --config
    CliRun create =
        CliRun.vigil(
            "keys",
            "create",
            "site-cli",
            "--dir",
            redactionKeys.toString(),
            "--actor",
            "ops-carol",
            "--config",
            config.toString(),
            "--bootstrap",
            platform.bootstrapServers(),
            "--registry",
            platform.registryUrl(),
            // vigil keys runs as the platform's admin user
            "--client-config",
            platform.clientConfigFile().toString(),
            "--data-dir",
            dataDir.toString());
    assertThat(create.code()).as(create.output()).isZero();
    // and once more with only the data dir of a running vigil run, which announced its keys dir
    Path runDataDir = dir.resolve("run-data");
    Files.createDirectories(runDataDir);
    new ObjectMapper()
        .writeValue(
            runDataDir.resolve(Endpoints.FILE).toFile(),
            Map.of(
                "bootstrap",
                platform.bootstrapServers(),
                "registry",
                platform.registryUrl(),
                Endpoints.AUDIT_KEYS_DIR,
                auditKeys.toString()));
    CliRun list =
        CliRun.vigil(
            "keys",
            "list",
            "--dir",
            redactionKeys.toString(),
            "--actor",
            "ops-carol",
            // the admin's credentials as a file: endpoints.json here names no secured platform
            // whose data dir holds them (bootstrap and the audit keys dir still come from it)
            "--client-config",
            platform.clientConfigFile().toString(),
            "--data-dir",
            runDataDir.toString());
    assertThat(list.code()).as(list.output()).isZero();

    // Then the records the two commands appended (each with its checkpoint), copied to a topic of
    // their own, verify with the configured keys, without --allow-unkeyed
    List<AuditRecord> appended = keysChainFrom(platform, from);
    assertThat(appended).hasSize(4);
    assertThat(appended).allMatch(r -> r.getMac() != null);
    String copy = platform.uniqueName("audit-cli-keys");
    platform.createTopics(1, copy);
    produce(platform, copy, appended);
    CliRun verified = verify(platform, copy, "--config", config.toString());
    assertThat(verified.code()).as(verified.output()).isZero();
    assertThat(verified.output()).contains("chain=keys records=4").doesNotContain("unkeyed");

    // and not with the data dir's own audit keys, which the commands used before
    Path dataDirKeys = dataDir.resolve("keys").resolve("audit");
    AuditKeys.readOrCreate(dataDirKeys);
    CliRun other = verify(platform, copy, "--keys", dataDirKeys.toString());
    assertThat(other.code()).as(other.output()).isEqualTo(1);
    assertThat(other.output()).contains("chain=keys").contains("BAD edited");
  }

  private CliRun verify(VigilPlatform platform, String topic, String... keys) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "audit",
                "verify",
                "--topic",
                topic,
                "--after-retention",
                "--witness",
                dir.resolve("witness-" + keys[0].substring(2) + ".tsv").toString(),
                "--bootstrap",
                platform.bootstrapServers(),
                "--registry",
                platform.registryUrl(),
                // the admin: the copy is a topic of this test's, outside the auditor's ACLs
                "--client-config",
                platform.clientConfigFile().toString(),
                "--data-dir",
                dir.resolve("data").toString()));
    argv.addAll(List.of(keys));
    return CliRun.vigil(argv.toArray(String[]::new));
  }

  /**
   * The keys chain appended since {@code from}, read as the auditor (a reader of the audit topic).
   */
  private static List<AuditRecord> keysChainFrom(VigilPlatform platform, long from)
      throws Exception {
    try (SchemaRegistryClient registry =
        SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      return AuditTopic.chain(platform.clientProperties(Principal.AUDITOR), registry, from, "keys");
    }
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

  private static Map<String, Object> adminProducer(VigilPlatform platform) {
    Map<String, Object> props = platform.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }
}
