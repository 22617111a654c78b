package dev.vigil.app.cli;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.Launcher;
import dev.vigil.app.runtime.ShutdownSignal;
import dev.vigil.platform.ClusterSettings;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil platform}: the embedded broker and registry only. */
@Command(
    name = "platform",
    mixinStandardHelpOptions = true,
    description = {
      "The embedded Kafka broker and schema registry only, with the topic catalogue applied.",
      "With --brokers N: a local cluster of N KRaft brokers, each in its own JVM (one per rack,",
      "every one a controller), so a location can be lost by killing its broker.",
      "Writes <data-dir>/endpoints.json when ready (bootstrap lists every broker; broker.<rack>",
      "and broker.<rack>.pid each one); stops cleanly on Ctrl-C/SIGTERM."
    })
public final class PlatformCommand implements Callable<Integer> {
  static final List<String> THREE_SITES = List.of("primary", "backup", "witness");

  @Mixin PlatformOptions options;
  @Spec CommandSpec spec;

  @Option(
      names = "--brokers",
      paramLabel = "N",
      description =
          "Brokers of a local cluster, 1..9 (default: platform.racks of the config, else one "
              + "broker in this JVM).")
  Optional<Integer> brokers = Optional.empty();

  @Option(
      names = "--racks",
      paramLabel = "R,R,...",
      split = ",",
      description =
          "broker.rack of each broker, one per broker (default for 3: primary,backup,witness; "
              + "else rack-1..rack-N).")
  List<String> racks = List.of();

  @Override
  public Integer call() throws Exception {
    VigilConfig config = options.load();
    List<String> chosen = racks(brokers, racks, config.platform().racks());
    if (!chosen.equals(config.platform().racks())) {
      config = config.withPlatform(config.platform().withRacks(chosen));
    }
    ShutdownSignal signal = ShutdownSignal.install();
    return new Launcher(config, options.dataDir, List.of())
        .run(signal, spec.commandLine().getOut());
  }

  /** The racks of the cluster to start: {@code --racks}, else derived from {@code --brokers}. */
  List<String> racks(Optional<Integer> count, List<String> named, List<String> configured) {
    if (!named.isEmpty()) {
      if (count.isPresent() && count.get() != named.size()) {
        throw new ParameterException(
            spec.commandLine(),
            "--brokers " + count.get() + " but --racks names " + named.size() + " racks");
      }
      return named.size() == 1 ? List.of() : List.copyOf(named);
    }
    if (count.isEmpty()) {
      return configured;
    }
    int n = count.get();
    if (n < 1 || n > ClusterSettings.MAX_BROKERS) {
      throw new ParameterException(
          spec.commandLine(),
          "--brokers must be 1.." + ClusterSettings.MAX_BROKERS + " but was " + n);
    }
    if (n == 1) {
      return List.of();
    }
    return n == 3 ? THREE_SITES : IntStream.rangeClosed(1, n).mapToObj(i -> "rack-" + i).toList();
  }
}
