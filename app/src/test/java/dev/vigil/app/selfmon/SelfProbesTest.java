package dev.vigil.app.selfmon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.SelfMonitoringSection;
import dev.vigil.app.config.ConfigLoader;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.runtime.StreamsHealth;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The probes without a broker or registry to reach, and the spool threshold. */
class SelfProbesTest {
  private static final SelfMonitoringSection SETTINGS =
      ConfigLoader.parse(
              "c.yaml",
              "alerts: {selfMonitoring: {timeout: 300ms, maxSpoolPercent: 50, sustain: 0s}}\n")
          .alerts()
          .selfMonitoring();

  @Test
  void shouldReportBrokerAndRegistryUnreachableAndASpoolOverItsThresholdAndNotMeasureLag() {
    // Given nothing listening where the broker and the registry should be, and a spool 60 % full
    SelfHealth health = new SelfHealth(new StreamsHealth(OpenTelemetry.noop()));
    health.spool("site-a/c1", new SelfHealth.Spool(() -> 600, 1000));
    health.spool("site-a/c2", new SelfHealth.Spool(() -> 100, 1000));
    try (Admin admin =
            Admin.create(
                Map.of(
                    "bootstrap.servers", "127.0.0.1:1",
                    "request.timeout.ms", 300,
                    "default.api.timeout.ms", 300));
        SchemaRegistryClient registry =
            SchemaRegistryClients.create("http://127.0.0.1:1", Map.of());
        SelfProbes probes = new SelfProbes(admin, registry, health, () -> List.of("g"), SETTINGS)) {

      // When one round is measured
      SelfProbes.Round round = probes.measure(Instant.now());

      // Then broker and registry are bad, lag and quarantine not measured, one spool over 50 %
      assertThat(round.readings())
          .filteredOn(SelfReading::bad)
          .extracting(SelfReading::dedupKey)
          .containsExactlyInAnyOrder(
              "vigil/self/broker", "vigil/self/registry", "vigil/self/spool/site-a/c1");
      assertThat(round.measured())
          .doesNotContain(SelfCheck.CONSUMER_LAG, SelfCheck.QUARANTINE_RATE);
      assertThat(round.readings())
          .filteredOn(r -> r.dedupKey().equals("vigil/self/spool/site-a/c1"))
          .singleElement()
          .satisfies(r -> assertThat(r.details()).containsEntry("percent", "60"));

      // And once the monitor records the round, the process is not ready because of them
      SelfAlerts rules = new SelfAlerts(SETTINGS.sustain(), Map.of());
      rules.evaluate(round.readings(), round.measured(), Instant.now());
      health.update(rules.latest(), rules.open(), Instant.now());
      assertThat(health.ready()).isFalse();
      assertThat(health.blockingAlerts())
          .containsExactly("vigil/self/broker", "vigil/self/registry");
    }
  }
}
