package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
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
 * {@code vigil operator} against a real broker, registry and correlator: the command reaches the
 * correlator and the CLI reports the correlator's verdict from the audit trail, with an exit code
 * per verdict.
 */
@ExtendWith(VigilPlatformExtension.class)
class OperatorCliIT {
  @TempDir Path stateDir;

  @Test
  void shouldReportTheCorrelatorsVerdictOnEachCommand(VigilPlatform platform) throws Exception {
    String service = platform.uniqueName("svc");
    FailoverConfig config =
        FailoverConfig.of(
            List.of("primary", "dr"),
            Map.of(service, ServiceConfig.of("primary", "dr", 2, 3, 2, "60s")),
            FailoverPolicy.defaults(),
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
              new FailoverApp.Settings(applicationId, Duration.ofMillis(500), stateDir, Map.of()),
              platform.streamsClientProperties(Principal.CORRELATOR, applicationId),
              registry,
              OpenTelemetry.noop())) {
        // A waiver within failover.maxWaiver is applied: exit 0
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
                "IDS sensor swap, change CHG-1234",
                "--operator",
                "alice@oncall",
                "--wait",
                "60");
        assertThat(waive.code()).as(waive.output()).isZero();
        assertThat(waive.output())
            .contains("sent WAIVE INTRUSION for " + service, "command_id cmd-")
            .contains("correlator: applied: INTRUSION waived on dr until");

        // Nothing to abort: ignored, exit 1
        CliRun abort = run(platform, "abort", "--service", service, "--reason", "test");
        assertThat(abort.code()).as(abort.output()).isEqualTo(1);
        assertThat(abort.output())
            .contains("sent ABORT for " + service)
            .contains("correlator: ignored: no incident open");

        // Longer than failover.maxWaiver: rejected, exit 1
        CliRun tooLong =
            run(
                platform,
                "waive",
                "--service",
                service,
                "--gate",
                "drift",
                "--for",
                "30d",
                "--reason",
                "too long");
        assertThat(tooLong.code()).as(tooLong.output()).isEqualTo(1);
        assertThat(tooLong.output())
            .contains("correlator: rejected: longer than failover.maxWaiver");

        // A service the correlator does not know: no verdict, exit 3
        CliRun unknown =
            run(
                platform,
                "approve",
                "--service",
                "no-such-service",
                "--reason",
                "x",
                "--wait",
                "3");
        assertThat(unknown.code()).as(unknown.output()).isEqualTo(3);
        assertThat(unknown.output()).contains("no verdict within 3s");
      }
    }
  }

  /** {@code vigil operator …} as the operator's own user, from a client-properties file. */
  private static CliRun run(VigilPlatform platform, String... args) {
    return CliRun.against(platform, Principal.OPERATOR, "operator", args);
  }
}
