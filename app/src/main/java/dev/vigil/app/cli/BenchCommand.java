package dev.vigil.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil bench}: performance harnesses that print events/s, latency and baseline ratios. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks on a throw-away embedded platform (a temp data dir).",
    subcommands = {BenchCommand.Redaction.class})
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "redaction",
      mixinStandardHelpOptions = true,
      description =
          "The redaction engine per core vs copy+encode, then the redaction topology end to end vs"
              + " a pass-through topology on the same broker: backlog events/s, paced latency"
              + " percentiles, and the ratio.")
  static final class Redaction implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "200000", description = "Backlog size.")
    int events;

    @Option(names = "--rate", defaultValue = "2000", description = "Paced phase, events/s.")
    int rate;

    @Option(names = "--paced-seconds", defaultValue = "15", description = "Paced phase length.")
    int pacedSeconds;

    @Option(names = "--threads", defaultValue = "2", description = "Stream threads per app.")
    int threads;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vigil-bench-");
      new dev.vigil.app.bench.RedactionBenchEntry()
          .run(spec.commandLine().getOut(), dir, events, rate, pacedSeconds, threads);
      return 0;
    }
  }
}
