package dev.vigil.app.runtime;

import dev.vigil.app.config.PlatformSection;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.platform.BrokerSettings;
import dev.vigil.platform.ClusterSettings;
import dev.vigil.platform.EmbeddedCluster;
import dev.vigil.platform.EmbeddedKafkaBroker;
import dev.vigil.platform.RegistryProcess;
import dev.vigil.platform.RegistrySettings;
import dev.vigil.platform.security.BrokerSecurity;
import dev.vigil.platform.security.PlatformCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka and the schema registry for a long-running command: the embedded ones (broker in this JVM,
 * or with {@code platform.racks} a cluster of one broker JVM per rack, data under {@code
 * <data-dir>/kafka}; Apicurio as a child process, schemas in an H2 file under {@code
 * <data-dir>/registry}) unless the config names external ones. Embedded Kafka, one broker or a
 * cluster, is secured the same way unless {@code platform.insecure}; an external one is secured
 * with the credentials of {@code kafka.platformDataDir} when the config names that.
 */
public final class PlatformRuntime implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(PlatformRuntime.class);
  private static final int CLUSTER_BROKER_HEAP_MB = 384;

  private final VigilConfig config;
  private final Optional<EmbeddedKafkaBroker> broker;
  private final Optional<EmbeddedCluster> cluster;
  private final Optional<RegistryProcess> registry;
  private final Optional<PlatformCredentials> credentials;
  private final String bootstrapServers;
  private final String registryUrl;

  private PlatformRuntime(
      VigilConfig config,
      Optional<EmbeddedKafkaBroker> broker,
      Optional<EmbeddedCluster> cluster,
      Optional<RegistryProcess> registry,
      Optional<PlatformCredentials> credentials) {
    this.config = config;
    this.broker = broker;
    this.cluster = cluster;
    this.registry = registry;
    this.credentials = credentials;
    this.bootstrapServers = bootstrap(config, broker, cluster);
    this.registryUrl =
        registry.map(RegistryProcess::url).orElseGet(() -> config.registry().url().orElseThrow());
  }

  /** Starts what is embedded (registry and broker in parallel) and connects to the rest. */
  public static PlatformRuntime start(VigilConfig config, Path dataDir) {
    return start(config, dataDir, url -> {}, admin -> {});
  }

  /**
   * As {@link #start(VigilConfig, Path)}, telling the caller early what is up, so work that needs
   * only one part need not wait for the rest. {@code registryReady} hears the registry's URL as
   * soon as it is up (the embedded one usually before the broker, an external one at once), on the
   * registry's start-up thread; {@code kafkaReady} hears the admin's client properties as soon as
   * the broker or cluster is up, before the users and ACLs are in place. Both should be quick.
   */
  public static PlatformRuntime start(
      VigilConfig config,
      Path dataDir,
      Consumer<String> registryReady,
      Consumer<Map<String, Object>> kafkaReady) {
    CompletableFuture<Optional<RegistryProcess>> registry = startRegistry(config, dataDir);
    registry.thenAccept(
        r ->
            registryReady.accept(
                r.map(RegistryProcess::url)
                    .orElseGet(() -> config.registry().url().orElseThrow())));
    Optional<EmbeddedKafkaBroker> broker = Optional.empty();
    Optional<EmbeddedCluster> cluster = Optional.empty();
    Optional<PlatformCredentials> credentials;
    try {
      if (config.embedsKafka()) {
        // one broker or a cluster of one broker JVM per rack: secured the same way
        var platform = config.platform();
        credentials = embeddedCredentials(platform, dataDir);
        Optional<BrokerSecurity> security =
            credentials.map(c -> new BrokerSecurity(c, platform.clientCertificates()));
        if (platform.racks().isEmpty()) {
          broker = Optional.of(startBroker(platform, dataDir, security));
        } else {
          cluster = Optional.of(startCluster(platform, dataDir, security));
        }
      } else {
        // a `vigil platform` elsewhere on this machine: its credentials, one principal each
        credentials = config.kafka().platformDataDir().map(PlatformCredentials::load);
      }
    } catch (RuntimeException e) {
      registry.thenAccept(r -> r.ifPresent(RegistryProcess::close));
      throw e;
    }
    try {
      kafkaReady.accept(adminProperties(config, bootstrap(config, broker, cluster), credentials));
      // users and ACLs while the registry is still starting: they need only the broker
      if (credentials.isPresent()) {
        provision(config, bootstrap(config, broker, cluster), credentials.get());
      }
      return new PlatformRuntime(config, broker, cluster, registry.join(), credentials);
    } catch (CompletionException e) {
      broker.ifPresent(EmbeddedKafkaBroker::close);
      cluster.ifPresent(EmbeddedCluster::close);
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } catch (RuntimeException e) {
      broker.ifPresent(EmbeddedKafkaBroker::close);
      cluster.ifPresent(EmbeddedCluster::close);
      registry.thenAccept(r -> r.ifPresent(RegistryProcess::close));
      throw e;
    }
  }

  private static String bootstrap(
      VigilConfig config, Optional<EmbeddedKafkaBroker> broker, Optional<EmbeddedCluster> cluster) {
    return broker
        .map(EmbeddedKafkaBroker::bootstrapServers)
        .or(() -> cluster.map(EmbeddedCluster::bootstrapServers))
        .orElseGet(() -> config.kafka().bootstrapServers().orElseThrow());
  }

  /** The embedded registry, started in the background, or nothing when the config names one. */
  private static CompletableFuture<Optional<RegistryProcess>> startRegistry(
      VigilConfig config, Path dataDir) {
    if (!config.embedsRegistry()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    var platform = config.platform();
    return CompletableFuture.supplyAsync(
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
                        Optional.empty()))));
  }

  /**
   * The embedded Kafka's credentials in the data dir (CA, users), created on first use; none, with
   * a warning, when {@code platform.insecure}.
   */
  private static Optional<PlatformCredentials> embeddedCredentials(
      PlatformSection platform, Path dataDir) {
    if (platform.insecure()) {
      LOGGER
          .atWarn()
          .addKeyValue("brokers", Math.max(1, platform.racks().size()))
          .log(
              "platform.insecure: the embedded Kafka is PLAINTEXT without authentication or"
                  + " ACLs; anyone who reaches its ports can read and write every topic");
      return Optional.empty();
    }
    PlatformCredentials prepared = PlatformCredentials.prepare(dataDir, List.of(platform.host()));
    checkFormattedSecurely(dataDir, prepared);
    return Optional.of(prepared);
  }

  private static EmbeddedKafkaBroker startBroker(
      PlatformSection platform, Path dataDir, Optional<BrokerSecurity> security) {
    return EmbeddedKafkaBroker.start(
        new BrokerSettings(
            dataDir.resolve("kafka"),
            platform.host(),
            platform.kafkaPort(),
            platform.controllerPort(),
            Map.of(),
            security));
  }

  private static EmbeddedCluster startCluster(
      PlatformSection platform, Path dataDir, Optional<BrokerSecurity> security) {
    return EmbeddedCluster.start(
        new ClusterSettings(
            dataDir.resolve("kafka"),
            platform.host(),
            platform.racks(),
            CLUSTER_BROKER_HEAP_MB,
            Duration.ofSeconds(120),
            Map.of(),
            security));
  }

  /**
   * A data dir whose broker(s) were formatted by an insecure run have no admin credential: refuse
   * it with a way out instead of failing authentication later.
   */
  private static void checkFormattedSecurely(Path dataDir, PlatformCredentials credentials) {
    Path kafka = dataDir.resolve("kafka");
    // a single broker's log dir, or a cluster's (which keeps its id beside the brokers' dirs)
    boolean formatted =
        Files.exists(kafka.resolve("meta.properties")) || Files.exists(kafka.resolve("cluster.id"));
    Path marker = credentials.directory().resolve("formatted-securely");
    try {
      if (formatted && !Files.exists(marker)) {
        throw new IllegalStateException(
            dataDir.resolve("kafka")
                + " was created by an insecure run (no admin credential in it): use another"
                + " --data-dir, remove that directory, or keep --insecure");
      }
      if (!Files.exists(marker)) {
        Files.writeString(marker, "");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The admin's client properties: the platform admin's credentials when secured. */
  private static Map<String, Object> adminProperties(
      VigilConfig config, String bootstrap, Optional<PlatformCredentials> credentials) {
    Map<String, Object> props = new HashMap<>(config.kafka().properties());
    credentials.ifPresent(c -> props.putAll(c.clientProperties(PlatformCredentials.ADMIN)));
    props.put("bootstrap.servers", bootstrap);
    return props;
  }

  private static void provision(VigilConfig config, String bootstrap, PlatformCredentials c) {
    try (Admin admin = Admin.create(adminProperties(config, bootstrap, Optional.of(c)))) {
      PlatformAccess.provision(
          admin,
          c,
          PlatformAccess.identities(config),
          config.platform().clientCertificates() == BrokerSecurity.ClientAuth.REQUIRED);
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

  /**
   * Properties every Kafka client of Vigil starts from (bootstrap plus the configured extras); on a
   * secured embedded platform, the admin's credentials.
   */
  public Map<String, Object> clientProperties() {
    return clientProperties(PlatformCredentials.ADMIN);
  }

  /**
   * The client properties of Kafka user {@code user}: on a secured platform its own SASL_SSL
   * credentials from the data dir (or {@code kafka.platformDataDir}); otherwise the configured ones
   * (the same for all).
   */
  public Map<String, Object> clientProperties(String user) {
    Map<String, Object> props = new HashMap<>(config.kafka().properties());
    credentials.ifPresent(c -> props.putAll(c.clientProperties(user)));
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  /**
   * Whether Kafka is secured with platform credentials: the embedded broker or cluster's, or those
   * of {@code kafka.platformDataDir}.
   */
  public boolean secured() {
    return credentials.isPresent();
  }

  /** The data dir whose {@code security/} holds the credentials, when {@link #secured()}. */
  public Optional<Path> credentialsDataDir() {
    return credentials.map(c -> c.directory().getParent());
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
