package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliHelpTest {

  @ParameterizedTest
  @ValueSource(strings = {"run", "platform", "publish", "tail"})
  void everyCommandShouldHaveHelp(String command) {
    CliRun help = CliRun.vigil(command, "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).startsWith("Usage: vigil " + command);
  }

  @Test
  void shouldListTheCommandsAtTheTop() {
    CliRun help = CliRun.vigil("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("run", "platform", "publish", "tail");
  }

  @Test
  void shouldListEveryCommandAndHelpWhenNoCommandIsNamed() {
    CliRun help = CliRun.vigil("--help");
    assertThat(help.out())
        .contains(
            "run", "platform", "streams", "redact", "rules", "keys", "alerts", "ingest", "publish")
        .contains("tail", "audit", "access", "demo", "drill", "operator", "help");
  }

  @Test
  void aNamedCommandShouldParseAndPrintAsInTheWholeTree() {
    // `vigil redact --help` builds only the redact command; `vigil help redact` builds them all
    CliRun alone = CliRun.vigil("redact", "--help");
    CliRun viaHelp = CliRun.vigil("help", "redact");
    assertThat(alone.code()).isZero();
    assertThat(viaHelp.code()).isZero();
    assertThat(alone.out()).isEqualTo(viaHelp.out()).startsWith("Usage: vigil redact");
  }

  @Test
  void anUnknownCommandShouldBeAUsageErrorNamingIt() {
    CliRun bogus = CliRun.vigil("bogus");
    assertThat(bogus.code()).isEqualTo(2);
    assertThat(bogus.err()).contains("Unmatched argument", "'bogus'");
  }

  @Test
  void aSubcommandOfANamedCommandShouldStillBeFound() {
    CliRun help = CliRun.vigil("rules", "publish", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).startsWith("Usage: vigil rules publish");
  }

  @Test
  void shouldRejectAnUnknownKindAsAUsageError() {
    CliRun publish =
        CliRun.vigil(
            "publish", "--kind", "weather", "--bootstrap", "127.0.0.1:1", "--registry", "mock://x");
    assertThat(publish.code()).isEqualTo(2);
    assertThat(publish.err())
        .contains("--kind must be one of health, security, posture but was 'weather'");
  }

  @Test
  void shouldExplainWhatIsMissingWhenNothingIsRunning() {
    CliRun tail = CliRun.vigil("tail", "vigil.health.v1", "--data-dir", "/nonexistent-vigil-dir");
    assertThat(tail.code()).isEqualTo(1);
    assertThat(tail.err()).contains("start `vigil run` first or pass --bootstrap and --registry");
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
  void helpShouldWarnAboutNothingAndPointOnlyInsideTheRepository(String command) {
    // Given picocli's own warnings go to System.err
    PrintStream before = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    CliRun help;
    try {
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      // When a newcomer asks for help
      help = command.isEmpty() ? CliRun.vigil("--help") : CliRun.vigil(command, "--help");
    } finally {
      System.setErr(before);
    }
    // Then nothing is warned, and no text sends them to a design file outside the repository
    assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
    assertThat(help.out()).doesNotContain("DESIGN").doesNotContain("../shared");
    if (command.equals("demo")) {
      assertThat(help.out()).contains("SHIFT 10 %;");
    }
  }
}
