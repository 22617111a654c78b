package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.redactionrules.keys.KeysetStore;
import dev.vigil.redactionrules.keys.Reidentifier;
import dev.vigil.redactionrules.ops.Operators;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.AuditKeys;
import dev.vigil.streams.audit.AuditVerifier;
import dev.vigil.testkit.AuditTopic;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil keys create|rotate|list} against a real broker and registry: each appends a sealed
 * record to the {@code keys} chain of {@code vigil.audit.v1}, values from before a rotation still
 * resolve, and no key material reaches the output or the audit trail.
 */
@ExtendWith(VigilPlatformExtension.class)
class KeysCommandIT {
  @TempDir static Path dataDir;
  @TempDir Path dir;

  @Test
  void shouldAuditCreateRotateAndListAndNeverShowKeyMaterial(VigilPlatform platform)
      throws Exception {
    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
    Path keys = dir.resolve("keys");
    // (the platform is shared: other tests' records may already be on the keys chain)
    int before = keysChain(platform).size();

    // Given a keyset created with vigil keys and values redacted with it
    CliRun create = run(platform, "create", "site-keys", "--dir", keys.toString());
    assertThat(create.code()).as(create.err()).isZero();
    String pnBefore = Operators.pseudonym("site-keys", KeysetStore.open(keys)).apply("alice", "u");
    String encBefore = Operators.encrypt("site-keys", KeysetStore.open(keys)).apply("alice", "u");

    // When it is rotated and listed
    CliRun rotate = run(platform, "rotate", "site-keys", "--dir", keys.toString());
    CliRun list = run(platform, "list", "--dir", keys.toString());

    // Then the listing shows the fingerprint and per purpose an old enabled and a new primary key
    assertThat(rotate.code()).as(rotate.err()).isZero();
    assertThat(list.code()).as(list.err()).isZero();
    String fingerprint = KeysetStore.open(keys).keyset("site-keys").fingerprint();
    assertThat(list.out())
        .contains("keyset site-keys fingerprint " + fingerprint)
        .containsPattern("pseudonym [0-9a-f]{8} primary +20")
        .containsPattern("pseudonym [0-9a-f]{8} enabled +20")
        .containsPattern("encrypt +[0-9a-f]{8} primary +20")
        .containsPattern("encrypt +[0-9a-f]{8} enabled +20");
    // and values from before the rotation still resolve, new ones carry the new key id
    KeysetStore after = KeysetStore.open(keys);
    String pnAfter = Operators.pseudonym("site-keys", after).apply("alice", "u");
    assertThat(Reidentifier.parse(pnAfter).keyId())
        .isNotEqualTo(Reidentifier.parse(pnBefore).keyId());
    assertThat(new Reidentifier(after).decrypt(encBefore)).isEqualTo("alice");
    assertThat(new Reidentifier(after).isPseudonymOf(pnBefore, "alice")).isTrue();

    // and vigil keys reidentify gives the value of a token from before the rotation, audited
    CliRun reveal =
        run(platform, "reidentify", encBefore, "--reason", "case 42", "--dir", keys.toString());
    assertThat(reveal.code()).as(reveal.err()).isZero();
    assertThat(reveal.out()).startsWith("alice" + System.lineSeparator());
    CliRun check =
        run(
            platform,
            "reidentify",
            pnBefore,
            "--value",
            "alice",
            "--reason",
            "case 42",
            "--dir",
            keys.toString());
    assertThat(check.out()).startsWith("match" + System.lineSeparator());

    // and the keys chain holds one sealed record per command, by the actor, verifying
    List<AuditRecord> whole = keysChain(platform);
    assertThat(AuditChain.verify(whole).ok()).isTrue();
    List<AuditRecord> chain = whole.subList(before, whole.size());
    List<AuditRecord> entries =
        chain.stream().filter(r -> !AuditAction.CHECKPOINT.is(r.getAction())).toList();
    assertThat(entries)
        .extracting(r -> r.getAction().toString())
        .containsExactly(
            "keys.created",
            "keys.rotated",
            "keys.listed",
            "keys.reidentified",
            "keys.reidentified");
    assertThat(entries.get(3).getDetails())
        .containsEntry("reason", "case 42")
        .containsEntry("key_id", Reidentifier.parse(encBefore).keyIdHex());
    assertThat(entries.get(3).toString()).doesNotContain("alice");
    assertThat(entries).allMatch(r -> r.getActor().toString().equals("ops-bob"));
    // and keyed with the data dir's audit keys, each command's record followed by a checkpoint
    assertThat(chain).hasSize(2 * entries.size());
    assertThat(
            new AuditVerifier(AuditKeys.read(dataDir.resolve("keys").resolve("audit")), before > 0)
                .verify("keys", chain, java.util.Optional.empty())
                .ok())
        .isTrue();
    assertThat(entries.get(1).getDetails())
        .containsEntry("fingerprint", fingerprint)
        .containsEntry("keys.pseudonym", "2")
        .containsKey("previous_fingerprint");

    // and no key material appears in any output or audit record
    for (String material : material(keys)) {
      assertThat(
              create.out() + create.err() + rotate.out() + rotate.err() + list.out() + list.err())
          .doesNotContain(material);
      assertThat(chain.toString()).doesNotContain(material);
    }
  }

  /** The base64 key values of the keyset files (Tink JSON {@code "value"} fields). */
  private static List<String> material(Path keys) throws Exception {
    List<String> values = new ArrayList<>();
    Pattern value = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]{16,})\"");
    try (var files = Files.list(keys)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        Matcher m = value.matcher(Files.readString(f));
        while (m.find()) {
          values.add(m.group(1));
        }
      }
    }
    assertThat(values).hasSize(4);
    return values;
  }

  /** The whole keys chain, read as the auditor (a reader of the audit topic). */
  private static List<AuditRecord> keysChain(VigilPlatform platform) throws Exception {
    try (SchemaRegistryClient registry =
        SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      return AuditTopic.chain(auditor(platform), registry, 0, "keys");
    }
  }

  /** The auditor's own user: a reader of vigil.audit.v1. */
  private static Map<String, Object> auditor(VigilPlatform platform) {
    Map<String, Object> props = platform.clientProperties(Principal.AUDITOR);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  /** {@code vigil keys …} as the platform's admin user, on this test's data dir. */
  private static CliRun run(VigilPlatform platform, String... args) {
    List<String> argv = new ArrayList<>(List.of("keys"));
    argv.addAll(List.of(args));
    argv.addAll(List.of("--actor", "ops-bob", "--data-dir", dataDir.toString()));
    return CliRun.vigil(
        CliRun.withConnection(platform, platform.clientConfigFile(), argv.toArray(String[]::new)));
  }
}
