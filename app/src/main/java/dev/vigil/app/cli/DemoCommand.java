package dev.vigil.app.cli;

import dev.vigil.app.demo.DemoRun;
import dev.vigil.app.runtime.ShutdownSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil demo}: a scripted, gated primary→backup failover, shown live. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A scripted failover on the embedded platform, shown live: both sites healthy; the "
          + "primary's HTTP server stops and probes from two vantage points cross the threshold; "
          + "PREPARE and SHIFT 10 %%; a Suricata alert lands on the backup and the next stage is "
          + "held by the INTRUSION gate (HOLD, with its evidence); an operator waives the gate "
          + "for 15 min with a reason (vigil.control.v1); SHIFT 50 %%, 100 %%, COMPLETE. Then a "
          + "summary and `vigil audit verify`.",
      "Everything is real: Kafka, the schema registry, the redactor, the failover correlator "
          + "and the collectors run as `vigil run` starts them, with a built-in config "
          + "(written to <data-dir>/demo/demo.yaml); logs go to <data-dir>/demo/vigil.log.",
      "Takes about a minute. Exit 0 when the failover completed and the audit trail verified, "
          + "1 otherwise (reason printed, data dir kept)."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--data-dir",
      paramLabel = "D",
      description =
          "An empty or new directory for the platform's data (kept). Default: a temp dir, "
              + "removed after a successful run.")
  Optional<Path> dataDir = Optional.empty();

  @Option(
      names = "--timeout",
      paramLabel = "S",
      defaultValue = "180",
      description = "Give up (exit 1) after S seconds in all (default: ${DEFAULT-VALUE}).")
  long timeoutS;

  @Option(
      names = "--fast",
      description = "Do not pause before the operator's waiver (the pause is for human viewers).")
  boolean fast;

  @Option(
      names = "--no-color",
      description = "No ANSI colours (also off when stdout is not a terminal or NO_COLOR is set).")
  boolean noColour;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (timeoutS < 30) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--timeout must be at least 30 seconds but was " + timeoutS);
    }
    DemoRun.Settings settings =
        new DemoRun.Settings(
            dataDir,
            Duration.ofSeconds(timeoutS),
            DemoRun.colourWanted(noColour),
            fast ? Duration.ZERO : Duration.ofSeconds(4));
    return new DemoRun(settings, Components.all(), DemoCommand::auditVerify)
        .run(ShutdownSignal.install(), spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** The same code as {@code vigil audit verify --data-dir D}. */
  private static int auditVerify(java.nio.file.Path dataDir, java.io.PrintWriter out) {
    return new CommandLine(new AuditCommand())
        .setOut(out)
        .setErr(out)
        .execute("verify", "--data-dir", dataDir.toString(), "--timeout", "30");
  }
}
