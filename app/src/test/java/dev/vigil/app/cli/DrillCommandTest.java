package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillCommandTest {
  @TempDir Path tmp;

  @Test
  void shouldDescribeTheDrillAndItsChecksInItsHelp() {
    CliRun run = CliRun.vigil("drill", "site-loss", "--help");
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .startsWith("Usage: vigil drill site-loss")
        .contains("--lose", "--standbys", "--report", "--data-dir", "SIGKILL", "Exit 0 only");
  }

  @Test
  void shouldRejectALocationThatIsNotOneOfTheThree() {
    CliRun run = CliRun.vigil("drill", "site-loss", "--lose", "moon");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--lose must be primary, backup or witness but was 'moon'");
  }

  @Test
  void shouldRejectMoreStandbysThanTwoInstancesCanHold() {
    CliRun run = CliRun.vigil("drill", "site-loss", "--standbys", "2");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--standbys must be 0 or 1 (two instances) but was 2");
  }

  @Test
  void shouldRefuseADataDirThatIsNotEmptyBeforeStartingAnything() throws Exception {
    Files.writeString(tmp.resolve("leftover"), "x");

    CliRun run = CliRun.vigil("drill", "site-loss", "--data-dir", tmp.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(tmp.toString(), "is not empty");
    assertThat(tmp.resolve("platform.yaml")).doesNotExist();
  }
}
