package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.schemas.signing.SigningKey;
import dev.vigil.schemas.signing.TrustedKey;
import dev.vigil.streams.failover.config.CommandPolicy;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.GatesConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import dev.vigil.streams.failover.topology.FailoverApp;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed operator commands against a real broker, registry and correlator that lists one operator
 * key: {@code vigil operator --key} is applied; a forged command (unsigned, or signed by a key the
 * correlator does not list) is refused, and the refusal is read back from the audit topic.
 */
@ExtendWith(VigilPlatformExtension.class)
class SignedOperatorCommandsIT {
  @TempDir Path dir;

  @Test
  void shouldApplyASignedCommandAndRefuseForgedOnesOnTheAuditTopic(VigilPlatform platform)
      throws Exception {
    // Given an operator key made by vigil keys signing-keygen, listed in the correlator's config
    Path aliceKey = dir.resolve("alice.key");
    CliRun keygen = cli("keys", "signing-keygen", "--out", aliceKey.toString(), "--owner", "alice");
    assertThat(keygen.code()).as(keygen.output()).isZero();
    SigningKey alice = SigningKeyFiles.read(aliceKey);
    assertThat(keygen.output())
        .contains("wrote signing key " + alice.keyId())
        .contains(alice.keyId() + ": {owner: alice, publicKey: " + alice.publicKeyBase64() + "}")
        .doesNotContain(
            alice
                .toText()
                .lines()
                .filter(l -> l.startsWith("private_key"))
                .findFirst()
                .orElseThrow()
                .substring(12));
    Path eveKey = dir.resolve("eve.key");
    assertThat(cli("keys", "signing-keygen", "--out", eveKey.toString(), "--owner", "eve").code())
        .isZero();
    String service = platform.uniqueName("svc");
    FailoverPolicy signed =
        FailoverPolicy.defaults()
            .withCommands(
                CommandPolicy.defaults()
                    .signedBy(
                        Map.of(alice.keyId(), new TrustedKey("alice", alice.publicKeyBase64()))));
    FailoverConfig config =
        FailoverConfig.of(
            List.of("primary", "dr"),
            Map.of(service, ServiceConfig.of("primary", "dr", 2, 3, 2, "60s")),
            signed,
            GatesConfig.defaults());
    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
      // the correlator's own user, under this run's application id
      String applicationId = platform.uniqueName("vigil-failover");
      try (FailoverApp app =
          FailoverApp.start(
              config,
              new FailoverApp.Settings(
                  applicationId, Duration.ofMillis(500), dir.resolve("state"), Map.of()),
              platform.streamsClientProperties(Principal.CORRELATOR, applicationId),
              registry,
              OpenTelemetry.noop())) {
        // When alice signs a waiver with her key: applied, exit 0
        CliRun waive =
            run(
                platform,
                "waive",
                "--service",
                service,
                "--gate",
                "intrusion",
                "--for",
                "10m",
                "--reason",
                "IDS sensor swap",
                "--operator",
                "root",
                "--key",
                aliceKey.toString(),
                "--wait",
                "60");
        assertThat(waive.code()).as(waive.output()).isZero();
        assertThat(waive.output()).contains("correlator: applied: INTRUSION waived on dr until");

        // When someone with write access sends an unsigned command: refused on the audit topic
        CliRun unsigned = revokeIntrusionWaiver(platform, service, "forged", "--operator", "alice");
        assertThat(unsigned.code()).as(unsigned.output()).isEqualTo(1);
        assertThat(unsigned.output()).contains("correlator: rejected: unsigned: ");

        // And one signed by a key the correlator does not list
        CliRun foreign =
            revokeIntrusionWaiver(platform, service, "forged", "--key", eveKey.toString());
        assertThat(foreign.code()).as(foreign.output()).isEqualTo(1);
        assertThat(foreign.output()).contains("correlator: rejected: unknown_key: ");

        // Then the waiver alice made still stands: a signed revoke-waiver by alice finds it
        CliRun revoke =
            revokeIntrusionWaiver(platform, service, "sensor back", "--key", aliceKey.toString());
        assertThat(revoke.code()).as(revoke.output()).isZero();
        assertThat(revoke.output()).contains("correlator: applied: revoked");
      }
    }
  }

  /**
   * {@code vigil operator revoke-waiver} of the INTRUSION waiver on {@code service}, identified by
   * {@code option value} ({@code --key FILE} or a typed {@code --operator NAME}), waiting 60 s.
   */
  private static CliRun revokeIntrusionWaiver(
      VigilPlatform platform, String service, String reason, String option, String value) {
    return run(
        platform,
        "revoke-waiver",
        "--service",
        service,
        "--gate",
        "intrusion",
        "--reason",
        reason,
        option,
        value,
        "--wait",
        "60");
  }

  /** {@code vigil operator …} as the operator's own user, from a client-properties file. */
  private static CliRun run(VigilPlatform platform, String... args) {
    return CliRun.against(platform, Principal.OPERATOR, "operator", args);
  }

  private static CliRun cli(String... args) {
    return CliRun.vigil(args);
  }
}
