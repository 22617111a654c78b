package dev.vigil.app.cli;

import dev.vigil.alerts.AlertsSection;
import dev.vigil.alerts.Destination;
import dev.vigil.alerts.ParkedAlerts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil alerts parked list|replay}: the alerts a destination refused. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = "Alert delivery: the alerts a destination refused and that were parked.",
    subcommands = {AlertsCommand.Parked.class})
public final class AlertsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code vigil alerts parked}. */
  @Command(
      name = "parked",
      mixinStandardHelpOptions = true,
      description =
          "Alerts refused by a destination (4xx other than 408/429), kept in"
              + " <data-dir>/alerts-parked/<destination>.jsonl.",
      subcommands = {AlertsCommand.ListParked.class, AlertsCommand.Replay.class})
  public static final class Parked implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /** {@code vigil alerts parked list}: ids, never summaries or secrets. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Per destination: each parked alert's time, refusing HTTP status, action, severity,"
              + " alert id and dedup key.")
  public static final class ListParked implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin PlatformOptions options;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Path dir = parkDir(options);
      List<String> destinations = ParkedAlerts.destinations(dir);
      if (destinations.isEmpty()) {
        out.println("no parked alerts in " + dir);
        return 0;
      }
      for (String d : destinations) {
        List<ParkedAlerts.Parked> parked = ParkedAlerts.read(ParkedAlerts.file(dir, d));
        out.printf("%s: %d parked%n", d, parked.size());
        for (ParkedAlerts.Parked p : parked) {
          out.printf(
              "  %s  HTTP %d  %-7s %s  %s  %s%n",
              p.parkedAt(),
              p.status(),
              p.alert().getAction(),
              p.alert().getSeverity(),
              p.alert().getAlertId(),
              p.alert().getDedupKey());
        }
      }
      return 0;
    }
  }

  /** {@code vigil alerts parked replay --destination NAME}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Sends a destination's parked alerts to it again, once each, in parked order, as the"
            + " dispatcher would (webhooks signed afresh; the alert ids are kept, so receivers"
            + " and dedup keys absorb a repeat). Stops at the first alert not delivered; the"
            + " delivered ones leave the park file, the rest stay.",
        "Fix the cause first (routing key, receiver). The destination comes from --config"
            + " (alerts.destinations)."
      })
  public static final class Replay implements Callable<Integer> {
    private static final Logger LOGGER = LoggerFactory.getLogger(Replay.class);

    @Spec CommandSpec spec;
    @Mixin PlatformOptions options;

    @Option(
        names = "--destination",
        required = true,
        paramLabel = "NAME",
        description = "The destination (alerts.destinations[].name) whose alerts are replayed.")
    String destination;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      AlertsSection alerts = options.load().alerts();
      Destination target =
          alerts.destinations().stream()
              .filter(d -> d.name().equals(destination))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no destination named '"
                              + destination
                              + "' in alerts.destinations of the config"))
              .resolve();
      Path dir = parkDir(options);
      LOGGER
          .atInfo()
          .addKeyValue("destination", destination)
          .addKeyValue("operator", System.getenv().getOrDefault("USER", "unknown"))
          .log("replaying parked alerts");
      ParkedAlerts.Replay result =
          ParkedAlerts.replay(dir, target, alerts.statusUrl(), alerts.resendInterval());
      out.printf(
          "%s: %d delivered, %d still parked%s%n",
          destination,
          result.delivered(),
          result.remaining(),
          result.stoppedBy().map(r -> "; stopped: " + r).orElse(""));
      return result.remaining() == 0 ? 0 : 1;
    }
  }

  private static Path parkDir(PlatformOptions options) {
    return options.load().alerts().settings(options.dataDir).parkDir();
  }
}
