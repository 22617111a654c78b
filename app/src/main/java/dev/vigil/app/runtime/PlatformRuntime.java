package dev.vigil.app.runtime;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.platform.BrokerSettings;
import dev.vigil.platform.ClusterSettings;
import dev.vigil.platform.EmbeddedCluster;
import dev.vigil.platform.EmbeddedKafkaBroker;
import dev.vigil.platform.RegistryProcess;
import dev.vigil.platform.RegistrySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Kafka and the schema registry for a long-running command: the embedded ones (broker in this JVM,
 * or with {@code platform.racks} a cluster of one broker JVM per rack, data under {@code
 * <data-dir>/kafka}; Apicurio as a child process, schemas in an H2 file under {@code
 * <data-dir>/registry}) unless the config names external ones.
 */
public final class PlatformRuntime implements AutoCloseable {
  private static final int CLUSTER_BROKER_HEAP_MB = 384;

  private final VigilConfig config;
  private final Optional<EmbeddedKafkaBroker> broker;
  private final Optional<EmbeddedCluster> cluster;
  private final Optional<RegistryProcess> registry;
  private final String bootstrapServers;
  private final String registryUrl;

  private PlatformRuntime(
      VigilConfig config,
      Optional<EmbeddedKafkaBroker> broker,
      Optional<EmbeddedCluster> cluster,
      Optional<RegistryProcess> registry) {
    this.config = config;
    this.broker = broker;
    this.cluster = cluster;
    this.registry = registry;
    this.bootstrapServers =
        broker
            .map(EmbeddedKafkaBroker::bootstrapServers)
            .or(() -> cluster.map(EmbeddedCluster::bootstrapServers))
            .orElseGet(() -> config.kafka().bootstrapServers().orElseThrow());
    this.registryUrl =
        registry.map(RegistryProcess::url).orElseGet(() -> config.registry().url().orElseThrow());
  }

  /** Starts what is embedded (registry and broker in parallel) and connects to the rest. */
  public static PlatformRuntime start(VigilConfig config, Path dataDir) {
    var platform = config.platform();
    CompletableFuture<Optional<RegistryProcess>> registry =
        config.embedsRegistry()
            ? CompletableFuture.supplyAsync(
                () ->
                    Optional.of(
                        RegistryProcess.start(
                            new RegistrySettings(
                                dataDir.resolve("registry"),
                                platform.host(),
                                platform.registryPort(),
                                true,
                                platform.registryHeapMb(),
                                Duration.ofSeconds(120),
                                Optional.empty()))))
            : CompletableFuture.completedFuture(Optional.empty());
    Optional<EmbeddedKafkaBroker> broker;
    Optional<EmbeddedCluster> cluster;
    try {
      cluster =
          config.embedsKafka() && !platform.racks().isEmpty()
              ? Optional.of(
                  EmbeddedCluster.start(
                      new ClusterSettings(
                          dataDir.resolve("kafka"),
                          platform.host(),
                          platform.racks(),
                          CLUSTER_BROKER_HEAP_MB,
                          Duration.ofSeconds(120),
                          Map.of())))
              : Optional.empty();
      broker =
          config.embedsKafka() && cluster.isEmpty()
              ? Optional.of(
                  EmbeddedKafkaBroker.start(
                      new BrokerSettings(
                          dataDir.resolve("kafka"),
                          platform.host(),
                          platform.kafkaPort(),
                          platform.controllerPort(),
                          Map.of())))
              : Optional.empty();
    } catch (RuntimeException e) {
      registry.thenAccept(r -> r.ifPresent(RegistryProcess::close));
      throw e;
    }
    try {
      return new PlatformRuntime(config, broker, cluster, registry.join());
    } catch (CompletionException e) {
      broker.ifPresent(EmbeddedKafkaBroker::close);
      cluster.ifPresent(EmbeddedCluster::close);
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Each broker of an embedded cluster: {@code broker.<rack>} = its address and {@code
   * broker.<rack>.pid} = its process id (a drill loses a location by killing it); empty otherwise.
   */
  public Map<String, String> brokerEndpoints() {
    Map<String, String> out = new LinkedHashMap<>();
    cluster.ifPresent(
        c ->
            c.brokers()
                .forEach(
                    b -> {
                      out.put("broker." + b.rack(), b.bootstrapServer());
                      out.put("broker." + b.rack() + ".pid", Long.toString(b.pid()));
                    }));
    return out;
  }

  public String registryUrl() {
    return registryUrl;
  }

  /** Properties every Kafka client of Vigil starts from (bootstrap plus the configured extras). */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>(config.kafka().properties());
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  public boolean embedded() {
    return broker.isPresent() || cluster.isPresent() || registry.isPresent();
  }

  @Override
  public void close() {
    try {
      registry.ifPresent(RegistryProcess::close);
    } finally {
      broker.ifPresent(EmbeddedKafkaBroker::close);
      cluster.ifPresent(EmbeddedCluster::close);
    }
  }
}
