package dev.vigil.app.cli;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.Launcher;
import dev.vigil.app.runtime.ShutdownSignal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil streams}: the Kafka Streams apps only, against an existing cluster and registry. */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = {
      "The Kafka Streams apps only (redactor; failover correlator when configured; OCSF "
          + "exporter, docs/siem.md), against the "
          + "cluster and registry the config names (kafka.bootstrapServers, registry.url).",
      "Applies the topic catalogue, writes <data-dir>/endpoints.json when ready (Streams state "
          + "lives under <data-dir>/streams); stops cleanly on Ctrl-C/SIGTERM.",
      "Exits 3 when a Streams app ends in ERROR (its stream threads kept failing: see "
          + "streams.threadReplacements)."
    })
public final class StreamsCommand implements Callable<Integer> {
  @Mixin PlatformOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    VigilConfig config = options.loadExternal(spec);
    ShutdownSignal signal = ShutdownSignal.install();
    return new Launcher(config, options.dataDir, Components.streams())
        .run(signal, spec.commandLine().getOut());
  }
}
