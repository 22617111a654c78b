package dev.vigil.app;

import dev.vigil.app.cli.AccessCommand;
import dev.vigil.app.cli.AlertsCommand;
import dev.vigil.app.cli.AuditCommand;
import dev.vigil.app.cli.CommandExtension;
import dev.vigil.app.cli.DemoCommand;
import dev.vigil.app.cli.DrillCommand;
import dev.vigil.app.cli.IngestCommand;
import dev.vigil.app.cli.KeysCommand;
import dev.vigil.app.cli.OperatorCli;
import dev.vigil.app.cli.PlatformCommand;
import dev.vigil.app.cli.PublishCommand;
import dev.vigil.app.cli.RedactCommand;
import dev.vigil.app.cli.RulesCommand;
import dev.vigil.app.cli.RunCommand;
import dev.vigil.app.cli.StreamsCommand;
import dev.vigil.app.cli.TailCommand;
import dev.vigil.app.runtime.StopDeadline;
import dev.vigil.ingest.http.JdkHttpServers;
import dev.vigil.platform.security.InMemoryKeyStores;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command (docs/design.md §9). */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Security telemetry pipeline on Apache Kafka for primary/backup failover.")
public final class Main implements Runnable {
  /** The subcommands, in the order {@code vigil --help} lists them. */
  private static final List<Class<?>> COMMANDS =
      List.of(
          RunCommand.class,
          PlatformCommand.class,
          StreamsCommand.class,
          RedactCommand.class,
          RulesCommand.class,
          KeysCommand.class,
          AlertsCommand.class,
          IngestCommand.class,
          PublishCommand.class,
          TailCommand.class,
          AuditCommand.class,
          AccessCommand.class,
          DemoCommand.class,
          DrillCommand.class,
          OperatorCli.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    InMemoryKeyStores.skipKeyProtectionOfNewEntries();
    JdkHttpServers.noDelay(); // before the first HTTP server of any library in this process
    StopDeadline.ownTheProcess(); // a stop past its deadline may halt this JVM (exit 4)
    System.exit(execute(args));
  }

  /**
   * Runs the command line and returns the exit code (0 ok, 1 failed, 2 usage error, 3 a Streams app
   * of {@code run}/{@code streams} ended in ERROR).
   */
  public static int execute(String... args) {
    return execute(
        new java.io.PrintWriter(
            new java.io.OutputStreamWriter(System.out, java.nio.charset.Charset.defaultCharset()),
            true),
        new java.io.PrintWriter(
            new java.io.OutputStreamWriter(System.err, java.nio.charset.Charset.defaultCharset()),
            true),
        args);
  }

  /** Runs the command line with the given output streams (used by tests). */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    Class<?> named = args.length == 0 ? null : named(args[0]);
    if (named != null) {
      // the one subcommand asked for: picocli reads every command's annotations when it is added
      // (~0.2 s of a cold JVM for the whole tree), and the others would not be used
      cli.addSubcommand(named);
    } else {
      COMMANDS.forEach(cli::addSubcommand);
      for (CommandExtension extension : ServiceLoader.load(CommandExtension.class)) {
        cli.addSubcommand(extension.command());
      }
      cli.addSubcommand(CommandLine.HelpCommand.class);
    }
    cli.setOut(out).setErr(err);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("vigil " + cmd.getCommandName() + ": " + describe(e));
          return 1;
        });
    return cli.execute(args);
  }

  /** The subcommand of {@link #COMMANDS} whose name or alias is {@code arg}, or null. */
  static Class<?> named(String arg) {
    for (Class<?> command : COMMANDS) {
      Command c = command.getAnnotation(Command.class);
      if (c.name().equals(arg) || Arrays.asList(c.aliases()).contains(arg)) {
        return command;
      }
    }
    return null;
  }

  /** The message chain without stack traces; messages never carry payloads. */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return sb.toString();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"vigil " + (v == null ? "dev" : v)};
    }
  }
}
