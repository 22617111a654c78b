package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {

  @Test
  void shouldHaveHelpNamingTheCollectors() {
    CliRun run = CliRun.vigil("ingest", "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("Usage: vigil ingest").contains("collectors only");
  }

  @Test
  void shouldRefuseToRunWithoutAConfig() {
    CliRun run = CliRun.vigil("ingest");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("vigil ingest needs --config");
  }

  @Test
  void shouldRefuseAConfigWithoutClusterAndRegistry(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("site.yaml"), "ingest:\n  site: primary\n");
    CliRun run =
        CliRun.vigil(
            "ingest", "--config", config.toString(), "--data-dir", dir.resolve("data").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("site.yaml: vigil ingest needs kafka.bootstrapServers and registry.url");
  }
}
