package dev.vigil.app.cli;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.Launcher;
import dev.vigil.app.runtime.ShutdownSignal;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
          + "streams.threadReplacements).",
      "--only runs some of them (e.g. --only redactor for one more redactor instance)."
    })
public final class StreamsCommand implements Callable<Integer> {
  @Mixin PlatformOptions options;
  @Spec CommandSpec spec;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "COMPONENT",
      description = "Run only these: redactor, correlator, ocsf, alerts (default: all of them).")
  List<String> only = List.of();

  @Override
  public Integer call() throws Exception {
    List<dev.vigil.app.runtime.ComponentFactory> components;
    try {
      components = Components.streams(only);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    VigilConfig config = options.loadExternal(spec);
    ShutdownSignal signal = ShutdownSignal.install();
    return new Launcher(config, options.dataDir, components)
        .run(signal, spec.commandLine().getOut());
  }
}
