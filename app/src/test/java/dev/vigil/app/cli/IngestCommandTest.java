package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {

  @Test
  void shouldHaveHelpNamingTheCollectors() {
    StringWriter out = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true), new PrintWriter(new StringWriter()), "ingest", "--help");
    assertThat(code).isZero();
    assertThat(out.toString()).startsWith("Usage: vigil ingest").contains("collectors only");
  }

  @Test
  void shouldRefuseToRunWithoutAConfig() {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "ingest");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("vigil ingest needs --config");
  }

  @Test
  void shouldRefuseAConfigWithoutClusterAndRegistry(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("site.yaml"), "ingest:\n  site: primary\n");
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            "ingest",
            "--config",
            config.toString(),
            "--data-dir",
            dir.resolve("data").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("site.yaml: vigil ingest needs kafka.bootstrapServers and registry.url");
  }
}
