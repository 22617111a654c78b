package dev.vigil.app.cli;

import dev.vigil.app.runtime.Launcher;
import dev.vigil.app.runtime.ShutdownSignal;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil platform}: the embedded broker and registry only. */
@Command(
    name = "platform",
    mixinStandardHelpOptions = true,
    description = {
      "The embedded Kafka broker and schema registry only, with the topic catalogue applied.",
      "Writes <data-dir>/endpoints.json when ready; stops cleanly on Ctrl-C/SIGTERM."
    })
public final class PlatformCommand implements Callable<Integer> {
  @Mixin PlatformOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ShutdownSignal signal = ShutdownSignal.install();
    return new Launcher(options.load(), options.dataDir, List.of())
        .run(signal, spec.commandLine().getOut());
  }
}
