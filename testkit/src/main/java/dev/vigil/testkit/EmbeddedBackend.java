package dev.vigil.testkit;

import dev.vigil.platform.BrokerSettings;
import dev.vigil.platform.EmbeddedKafkaBroker;
import dev.vigil.platform.RegistryProcess;
import dev.vigil.platform.RegistrySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** In-process KRaft broker plus an Apicurio child process, on free loopback ports. */
final class EmbeddedBackend implements VigilPlatform, AutoCloseable {
  private final Path dir;
  private final EmbeddedKafkaBroker broker;
  private final RegistryProcess registry;

  private EmbeddedBackend(Path dir, EmbeddedKafkaBroker broker, RegistryProcess registry) {
    this.dir = dir;
    this.broker = broker;
    this.registry = registry;
  }

  static EmbeddedBackend start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("vigil-testkit-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The registry is a separate JVM: start it while the broker formats and starts here.
    CompletableFuture<RegistryProcess> registry =
        CompletableFuture.supplyAsync(
            () -> RegistryProcess.start(RegistrySettings.ephemeral(dir.resolve("registry"))));
    EmbeddedKafkaBroker broker;
    try {
      broker = EmbeddedKafkaBroker.start(BrokerSettings.loopback(dir.resolve("kafka")));
    } catch (RuntimeException e) {
      registry.thenAccept(RegistryProcess::close);
      throw e;
    }
    try {
      return new EmbeddedBackend(dir, broker, registry.join());
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public String registryUrl() {
    return registry.url();
  }

  @Override
  public String backend() {
    return "embedded";
  }

  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      broker.close();
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir
    }
  }
}
