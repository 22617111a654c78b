package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillCommandTest {
  @TempDir Path tmp;

  @Test
  void shouldDescribeTheDrillAndItsChecksInItsHelp() {
    StringWriter out = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter()),
            "drill",
            "site-loss",
            "--help");
    assertThat(code).isZero();
    assertThat(out.toString())
        .startsWith("Usage: vigil drill site-loss")
        .contains("--lose", "--standbys", "--report", "--data-dir", "SIGKILL", "Exit 0 only");
  }

  @Test
  void shouldRejectALocationThatIsNotOneOfTheThree() {
    StringWriter err = new StringWriter();
    int code = execute(err, "drill", "site-loss", "--lose", "moon");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--lose must be primary, backup or witness but was 'moon'");
  }

  @Test
  void shouldRejectMoreStandbysThanTwoInstancesCanHold() {
    StringWriter err = new StringWriter();
    int code = execute(err, "drill", "site-loss", "--standbys", "2");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--standbys must be 0 or 1 (two instances) but was 2");
  }

  @Test
  void shouldRefuseADataDirThatIsNotEmptyBeforeStartingAnything() throws Exception {
    Files.writeString(tmp.resolve("leftover"), "x");
    StringWriter err = new StringWriter();

    int code = execute(err, "drill", "site-loss", "--data-dir", tmp.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(tmp.toString(), "is not empty");
    assertThat(tmp.resolve("platform.yaml")).doesNotExist();
  }

  private static int execute(StringWriter err, String... args) {
    return Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
  }
}
