package dev.vigil.app.cli;

import dev.vigil.app.drill.DrillReport;
import dev.vigil.app.drill.Location;
import dev.vigil.app.drill.SiteLossDrill;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil drill}: game-day drills on a local cluster. */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description = "Game-day drills on a local multi-broker cluster (docs/deployment.md).",
    subcommands = {DrillCommand.SiteLoss.class})
public final class DrillCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a drill: site-loss");
  }

  /** {@code vigil drill site-loss}. */
  @Command(
      name = "site-loss",
      mixinStandardHelpOptions = true,
      description = {
        "Loses a location hard in the middle of an incident, live: three brokers in their own "
            + "JVMs (racks primary, backup, witness; RF 3, min ISR 2) and the registry; two Vigil "
            + "instances (`vigil streams`: redactor, correlator) in their own JVMs, one per site; "
            + "collectors feeding several services, one of which fails over. After its PREPARE "
            + "the chosen location's broker and Vigil instance are SIGKILLed (the witness has a "
            + "broker only); the survivor must carry the incident to COMPLETE.",
        "Checks: every trigger once, in the planned sequence (by trigger_id, read_committed); "
            + "the survivor took the task over; no health event the cluster acknowledged (before "
            + "or after the loss) is missing from the redacted topic; the audit chain verifies.",
        "Prints progress and a summary; writes a JSON report (--report, default "
            + "<data-dir>/site-loss-report.json). Takes 3 to 5 minutes. Exit 0 only when every "
            + "check holds, 1 otherwise."
      })
  static final class SiteLoss implements Callable<Integer> {
    @Option(
        names = "--lose",
        paramLabel = "LOCATION",
        defaultValue = "primary",
        description = "primary, backup or witness (default: ${DEFAULT-VALUE}).")
    String lose;

    @Option(
        names = "--standbys",
        paramLabel = "N",
        defaultValue = "1",
        description =
            "streams.standbyReplicas of both instances, 0 or 1 (default: ${DEFAULT-VALUE}).")
    int standbys;

    @Option(
        names = "--report",
        paramLabel = "FILE",
        description = "Where the JSON report goes (default: <data-dir>/site-loss-report.json).")
    Optional<Path> report = Optional.empty();

    @Option(
        names = "--data-dir",
        paramLabel = "D",
        description =
            "An empty or new directory for everything the drill runs (kept). Default: a "
                + "temp dir, kept.")
    Optional<Path> dataDir = Optional.empty();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Location location = location(lose);
      if (standbys < 0 || standbys > 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--standbys must be 0 or 1 (two instances) but was " + standbys);
      }
      if (dataDir.isPresent() && Files.isDirectory(dataDir.get())) {
        try (var entries = Files.list(dataDir.get())) {
          if (entries.findAny().isPresent()) {
            throw new CommandLine.ParameterException(
                spec.commandLine(), "--data-dir " + dataDir.get() + " is not empty");
          }
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      Path dir = dataDir.isPresent() ? dataDir.get() : Files.createTempDirectory("vigil-drill-");
      SiteLossDrill.Settings settings =
          new SiteLossDrill.Settings(location, standbys, Optional.of(dir), 768);
      DrillReport result = new SiteLossDrill(settings).run(out);
      Path file = report.orElse(dir.resolve("site-loss-report.json"));
      result.write(file);
      print(out, result, file);
      return result.passed() ? 0 : 1;
    }

    private Location location(String name) {
      try {
        return Location.valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--lose must be primary, backup or witness but was '" + name + "'");
      }
    }

    static void print(PrintWriter out, DrillReport r, Path file) {
      out.println();
      out.printf(
          Locale.ROOT,
          "site loss of %s, standby replicas %d, service %s (task at %s)%n",
          r.lost().rack(),
          r.standbyReplicas(),
          r.service(),
          r.taskSiteBeforeLoss());
      out.printf(
          Locale.ROOT,
          "  takeover %s; first decision after the loss %s%n",
          r.takeoverMs() == null ? "none needed" : r.takeoverMs() + " ms",
          r.firstDecisionAfterLossMs() == null ? "-" : "+" + r.firstDecisionAfterLossMs() + " ms");
      for (DrillReport.Check c : r.checks()) {
        out.printf(
            Locale.ROOT, "  [%s] %s: %s%n", c.passed() ? "PASS" : "FAIL", c.name(), c.detail());
      }
      out.printf(
          Locale.ROOT,
          "vigil drill site-loss: %s in %.1f s; report %s; exit %d%n",
          r.passed() ? "PASSED" : "FAILED",
          r.durationS(),
          file,
          r.passed() ? 0 : 1);
      out.flush();
    }
  }
}
