package dev.vigil.app.components;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.RuntimeContext;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
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
}
