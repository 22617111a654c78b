package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void shouldDescribeTheScriptInItsHelp() {
    CliRun run = CliRun.vigil("demo", "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .startsWith("Usage: vigil demo")
        .contains("--data-dir", "--timeout", "--fast", "--no-color", "INTRUSION", "audit verify");
  }

  @Test
  void shouldRefuseADataDirThatIsNotEmpty() throws Exception {
    // Given a data dir with something in it (a previous run's broker data would confuse the script)
    Files.writeString(tmp.resolve("leftover"), "x");

    // When
    CliRun run = CliRun.vigil("demo", "--data-dir", tmp.toString());

    // Then a usage error naming the dir, and nothing was started or written
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(tmp.toString(), "is not empty", "needs a fresh data dir");
    assertThat(tmp.resolve("demo")).doesNotExist();
  }

  @Test
  void shouldRejectATimeoutTooShortForTheScript() {
    CliRun run = CliRun.vigil("demo", "--timeout", "5");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--timeout must be at least 30 seconds but was 5");
  }
}
