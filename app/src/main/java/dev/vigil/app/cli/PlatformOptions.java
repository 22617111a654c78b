package dev.vigil.app.cli;

import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.config.VigilConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --data-dir}, shared by the long-running commands. */
public final class PlatformOptions {
  @Option(
      names = "--config",
      paramLabel = "F",
      description =
          "YAML config (docs/config.md); unknown keys are errors. Default: built-in defaults.")
  Optional<Path> config = Optional.empty();

  @Option(
      names = "--data-dir",
      paramLabel = "D",
      defaultValue = ".vigil",
      description =
          "Where the embedded broker and registry keep data, and endpoints.json goes "
              + "(default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--insecure",
      description =
          "Run the embedded broker in plaintext, without authentication or ACLs (as "
              + "platform.insecure: true). For throw-away experiments only.")
  boolean insecure;

  /**
   * The config of a command that runs against an existing cluster and registry ({@code streams},
   * {@code ingest}): {@code --config} is required and must name both.
   */
  VigilConfig loadExternal(picocli.CommandLine.Model.CommandSpec spec) {
    String command = spec.name();
    if (config.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "vigil " + command + " needs --config naming the cluster and registry");
    }
    VigilConfig loaded = load();
    if (loaded.embedsKafka() || loaded.embedsRegistry()) {
      throw new IllegalStateException(
          config.get()
              + ": vigil "
              + command
              + " needs kafka.bootstrapServers and registry.url; use vigil run for the all-in-one");
    }
    return loaded;
  }

  VigilConfig load() {
    VigilConfig loaded = config.map(ConfigLoader::load).orElseGet(VigilConfig::defaults);
    return insecure ? loaded.withPlatform(loaded.platform().withInsecure()) : loaded;
  }
}
