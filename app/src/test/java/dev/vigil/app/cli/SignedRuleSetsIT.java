package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.app.CliRun;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.redactionrules.keys.EphemeralKeys;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.schemas.signing.SigningKey;
import dev.vigil.schemas.signing.TrustedKey;
import dev.vigil.streams.redaction.RedactionApp;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import io.opentelemetry.api.OpenTelemetry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed rule sets on a real broker and registry: a redactor with {@code redaction.ruleKeys} takes
 * a rule set published with {@code vigil rules publish --key} and never one that is unsigned or
 * signed by an unlisted key. Each forged version is higher than the signed one that follows it, so
 * the redactor reaching the signed version proves the forged one was refused (it only moves up).
 */
@ExtendWith(VigilPlatformExtension.class)
class SignedRuleSetsIT {
  @TempDir Path dir;

  @Test
  void shouldTakeOnlyRuleSetsSignedByAListedKey(VigilPlatform platform) throws Exception {
    Path secopsKey = dir.resolve("secops.key");
    Path eveKey = dir.resolve("eve.key");
    assertThat(
            CliRun.vigil(
                    "keys", "signing-keygen", "--out", secopsKey.toString(), "--owner", "secops")
                .code())
        .isZero();
    assertThat(
            CliRun.vigil("keys", "signing-keygen", "--out", eveKey.toString(), "--owner", "eve")
                .code())
        .isZero();
    SigningKey secops = SigningKeyFiles.read(secopsKey);
    String rules;
    try (InputStream in = RedactionApp.class.getResourceAsStream("/rules/default.yaml")) {
      rules = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
      // the redactor's own user, under this run's application id
      String applicationId = platform.uniqueName("vigil-redactor");
      try (RedactionApp app =
          RedactionApp.start(
              new RedactionApp.Settings(
                  applicationId,
                  Optional.empty(),
                  new EphemeralKeys(),
                  dir.resolve("state"),
                  Map.of(),
                  Map.of(secops.keyId(), new TrustedKey("secops", secops.publicKeyBase64()))),
              platform.streamsClientProperties(Principal.REDACTOR, applicationId),
              registry,
              OpenTelemetry.noop())) {
        int base = app.rules().version() + 100 + (int) (System.nanoTime() % 1000);
        // An unsigned version above the signed one that follows it
        assertThat(publish(platform, version(rules, base + 2), null).code()).isZero();
        assertThat(publish(platform, version(rules, base + 1), secopsKey).code()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.rules().version() == base + 1);
        // A version signed by a key the redactor does not list
        assertThat(publish(platform, version(rules, base + 4), eveKey).code()).isZero();
        assertThat(publish(platform, version(rules, base + 3), secopsKey).code()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.rules().version() == base + 3);
      }
    }
  }

  private static String version(String rules, int v) {
    return rules.replaceFirst("(?m)^version: \\d+$", "version: " + v);
  }

  private CliRun publish(VigilPlatform platform, String yaml, Path key) throws Exception {
    Path file = Files.createTempFile(dir, "rules", ".yaml");
    Files.writeString(file, yaml);
    // as the rule author's own user (the writer of vigil.rules.v1), from a client-properties file
    return key == null
        ? CliRun.against(platform, Principal.RULE_AUTHOR, "rules", "publish", file.toString())
        : CliRun.against(
            platform,
            Principal.RULE_AUTHOR,
            "rules",
            "publish",
            file.toString(),
            "--key",
            key.toString());
  }
}
