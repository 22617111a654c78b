package dev.vigil.app.cli;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.Launcher;
import dev.vigil.app.runtime.ShutdownSignal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil ingest}: the collectors only (the shape used at a site). */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "The collectors only (HTTP ingest API, tailers, syslog, probes, posture checks), against the "
          + "cluster and registry the config names (kafka.bootstrapServers, registry.url).",
      "Events are spooled under <data-dir>/spool first, so the collectors keep accepting while "
          + "Kafka is down. Writes <data-dir>/endpoints.json when ready; stops cleanly on "
          + "Ctrl-C/SIGTERM."
    })
public final class IngestCommand implements Callable<Integer> {
  @Mixin PlatformOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    VigilConfig config = options.loadExternal(spec);
    ShutdownSignal signal = ShutdownSignal.install();
    return new Launcher(config, options.dataDir, Components.ingest())
        .run(signal, spec.commandLine().getOut());
  }
}
