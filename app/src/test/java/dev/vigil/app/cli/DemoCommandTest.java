package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void shouldDescribeTheScriptInItsHelp() {
    StringWriter out = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true), new PrintWriter(new StringWriter()), "demo", "--help");
    assertThat(code).isZero();
    assertThat(out.toString())
        .startsWith("Usage: vigil demo")
        .contains("--data-dir", "--timeout", "--fast", "--no-color", "INTRUSION", "audit verify");
  }

  @Test
  void shouldRefuseADataDirThatIsNotEmpty() throws Exception {
    // Given a data dir with something in it (a previous run's broker data would confuse the script)
    Files.writeString(tmp.resolve("leftover"), "x");
    StringWriter err = new StringWriter();

    // When
    int code =
        Main.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            "demo",
            "--data-dir",
            tmp.toString());

    // Then a usage error naming the dir, and nothing was started or written
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(tmp.toString(), "is not empty", "needs a fresh data dir");
    assertThat(tmp.resolve("demo")).doesNotExist();
  }

  @Test
  void shouldRejectATimeoutTooShortForTheScript() {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            "demo",
            "--timeout",
            "5");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--timeout must be at least 30 seconds but was 5");
  }
}
