package dev.vigil.app.components;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.streams.ocsf.OcsfApp;
import dev.vigil.streams.runtime.ThreadReplacementPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcsfComponentTest {

  @Test
  void shouldRunTheExporterUnderTheRedactorsApplicationIdWithTheThreadBound(@TempDir Path dataDir) {
    // Given a config naming the redactor's deployment and a thread bound
    VigilConfig config =
        ConfigLoader.parse(
            "c.yaml",
            """
            redaction: {applicationId: vigil-redactor-b}
            streams: {threadReplacements: 5}
            """);

    // When the component derives its Streams settings
    OcsfApp.Settings settings = OcsfComponent.settings(config, dataDir);

    // Then the exporter is the redactor's deployment's, with state under the data dir
    assertThat(settings.applicationId()).isEqualTo("vigil-redactor-b-ocsf");
    assertThat(settings.stateDir()).isEqualTo(dataDir.resolve("streams"));
    assertThat(settings.productVersion()).isNotBlank();
    assertThat(settings.overrides())
        .containsEntry(ThreadReplacementPolicy.MAX_REPLACEMENTS_CONFIG, 5);
  }
}
