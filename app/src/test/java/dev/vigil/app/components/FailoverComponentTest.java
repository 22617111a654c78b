package dev.vigil.app.components;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.streams.failover.topology.FailoverApp;
import dev.vigil.streams.runtime.ThreadReplacementPolicy;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailoverComponentTest {

  @Test
  void shouldNotStartTheCorrelatorWhenTheConfigHasNoFailoverKeys(@TempDir Path dataDir) {
    // Given a config without sites/services/failover/gates and no reachable cluster
    RuntimeContext context =
        new RuntimeContext(
            VigilConfig.defaults(),
            dataDir,
            Map.of("bootstrap.servers", "127.0.0.1:1"),
            null,
            OpenTelemetry.noop());

    // When the component starts, Then it is idle: no Streams app, no state, a clean close
    FailoverComponent component = FailoverComponent.start(context);
    assertThat(component.name()).isEqualTo("failover");
    assertThat(dataDir.resolve("streams")).doesNotExist();
    component.close();
  }

  @Test
  void shouldRunTheCorrelatorWithTheConfiguredApplicationIdTickAndThreadBound(
      @TempDir Path dataDir) {
    // Given a config naming the correlator's deployment keys
    VigilConfig config =
        ConfigLoader.parse(
            "c.yaml",
            """
            sites: [primary, dr]
            services: {payments: {active: primary, standby: dr}}
            failover: {applicationId: vigil-failover-b, tickInterval: 500ms}
            streams: {threadReplacements: 5, replacementWindow: 2m}
            """);

    // When the component derives its Streams settings
    FailoverApp.Settings settings = FailoverComponent.settings(config, dataDir);

    // Then they are the configured ones, with state under the data dir
    assertThat(settings.applicationId()).isEqualTo("vigil-failover-b");
    assertThat(settings.tickInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.stateDir()).isEqualTo(dataDir.resolve("streams"));
    // And the app runs with the configured thread-replacement bound
    assertThat(settings.overrides())
        .containsAllEntriesOf(new ThreadReplacementPolicy(5, Duration.ofMinutes(2)).asOverrides())
        .containsEntry("num.standby.replicas", 0);
  }
}
