package dev.vigil.app.cli;

import dev.vigil.app.runtime.Launcher;
import dev.vigil.app.runtime.ShutdownSignal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil run}: the all-in-one. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "All-in-one: the embedded Kafka broker and schema registry (unless the config names a "
          + "cluster and registry), the topic catalogue, every collector and Streams app.",
      "Writes <data-dir>/endpoints.json when ready; stops cleanly on Ctrl-C/SIGTERM.",
      "Exits 3 when a Streams app ends in ERROR (its stream threads kept failing: see "
          + "streams.threadReplacements)."
    })
public final class RunCommand implements Callable<Integer> {
  @Mixin PlatformOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ShutdownSignal signal = ShutdownSignal.install();
    return new Launcher(options.load(), options.dataDir, Components.all())
        .run(signal, spec.commandLine().getOut());
  }
}
