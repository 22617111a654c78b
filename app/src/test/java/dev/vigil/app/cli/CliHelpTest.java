package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliHelpTest {

  @ParameterizedTest
  @ValueSource(strings = {"run", "platform", "publish", "tail"})
  void everyCommandShouldHaveHelp(String command) {
    StringWriter out = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true), new PrintWriter(new StringWriter()), command, "--help");
    assertThat(code).isZero();
    assertThat(out.toString()).startsWith("Usage: vigil " + command);
  }

  @Test
  void shouldListTheCommandsAtTheTop() {
    StringWriter out = new StringWriter();
    assertThat(
            Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "--help"))
        .isZero();
    assertThat(out.toString()).contains("run", "platform", "publish", "tail");
  }

  @Test
  void shouldRejectAnUnknownKindAsAUsageError() {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            "publish",
            "--kind",
            "weather",
            "--bootstrap",
            "127.0.0.1:1",
            "--registry",
            "mock://x");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--kind must be one of health, security, posture but was 'weather'");
  }

  @Test
  void shouldExplainWhatIsMissingWhenNothingIsRunning() {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            "tail",
            "vigil.health.v1",
            "--data-dir",
            "/nonexistent-vigil-dir");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("start `vigil run` first or pass --bootstrap and --registry");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "run",
        "platform",
        "publish",
        "tail",
        "redact",
        "demo",
        "operator",
        "audit",
        "streams"
      })
  void helpShouldWarnAboutNothingAndPointOnlyInsideTheRepository(String command) throws Exception {
    // Given picocli's own warnings go to System.err
    java.io.PrintStream before = System.err;
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    StringWriter out = new StringWriter();
    try {
      System.setErr(new java.io.PrintStream(stderr, true, "UTF-8"));
      // When a newcomer asks for help
      String[] args =
          command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
      Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()), args);
    } finally {
      System.setErr(before);
    }
    // Then nothing is warned, and no text sends them to a design file outside the repository
    assertThat(stderr.toString("UTF-8")).doesNotContain("WARN");
    assertThat(out.toString()).doesNotContain("DESIGN").doesNotContain("../shared");
    if (command.equals("demo")) {
      assertThat(out.toString()).contains("SHIFT 10 %;");
    }
  }
}
