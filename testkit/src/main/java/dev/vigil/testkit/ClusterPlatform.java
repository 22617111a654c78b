package dev.vigil.testkit;

import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import dev.vigil.platform.ClusterSettings;
import dev.vigil.platform.EmbeddedCluster;
import dev.vigil.platform.RegistryProcess;
import dev.vigil.platform.RegistrySettings;
import dev.vigil.platform.security.BrokerSecurity;
import dev.vigil.platform.security.PlatformCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real multi-broker cluster (one KRaft broker JVM per rack, {@link EmbeddedCluster}) and a real
 * registry, for tests that lose a location: {@link #cluster()} kills and restarts brokers.
 * Bootstrap addresses name every broker, so clients survive the loss of any one. Secured like the
 * shared single broker: {@link #clientProperties()} is the admin, {@link
 * #clientProperties(Identity)} a component's own user and ACLs.
 */
public final class ClusterPlatform implements VigilPlatform, AutoCloseable {
  /** The three locations of docs/deployment.md. */
  public static final List<String> THREE_SITES = List.of("primary", "backup", "witness");

  /** Three broker JVMs start beside it: on a loaded 2-core machine the registry takes minutes. */
  private static final Duration REGISTRY_START_TIMEOUT = Duration.ofMinutes(4);

  private final Path dir;
  private final EmbeddedCluster cluster;
  private final RegistryProcess registry;
  private final IdentityProvisioner principals;

  private ClusterPlatform(
      Path dir,
      EmbeddedCluster cluster,
      RegistryProcess registry,
      PlatformCredentials credentials) {
    this.dir = dir;
    this.cluster = cluster;
    this.registry = registry;
    this.principals = new IdentityProvisioner(credentials, this::clientProperties);
  }

  /**
   * Starts one broker per rack, secured as {@code vigil platform --brokers N} secures them
   * (credentials and CA from {@link PlatformCredentials}, {@link BrokerSecurity}), and an in-memory
   * registry, in parallel, on free loopback ports.
   */
  public static ClusterPlatform start(List<String> racks) {
    Path dir;
    try {
      dir = Files.createTempDirectory("vigil-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<RegistryProcess> registry =
        CompletableFuture.supplyAsync(
            () ->
                RegistryProcess.start(
                    new RegistrySettings(
                        dir.resolve("registry"),
                        "127.0.0.1",
                        0,
                        false,
                        256,
                        REGISTRY_START_TIMEOUT,
                        Optional.empty())));
    EmbeddedCluster cluster;
    PlatformCredentials credentials;
    try {
      ClusterSettings settings = ClusterSettings.loopback(dir.resolve("kafka"), racks);
      credentials = PlatformCredentials.prepare(dir, List.of(settings.host()));
      cluster =
          EmbeddedCluster.start(
              settings.secured(new BrokerSecurity(credentials, BrokerSecurity.ClientAuth.NONE)));
    } catch (RuntimeException e) {
      registry.thenAccept(RegistryProcess::close);
      throw e;
    }
    try {
      return new ClusterPlatform(dir, cluster, registry.join(), credentials);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The brokers: kill one to lose its location, restart it to bring the location back. */
  public EmbeddedCluster cluster() {
    return cluster;
  }

  /** The registry process (a location's loss does not take it along in tests). */
  public RegistryProcess registry() {
    return registry;
  }

  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** SASL_SSL, SCRAM-SHA-512, ACLs: as the shared single broker. */
  @Override
  public boolean secured() {
    return true;
  }

  /** The admin's (a super user's) client properties, every broker in the bootstrap. */
  @Override
  public Map<String, Object> clientProperties() {
    Map<String, Object> p = new HashMap<>();
    cluster.adminProperties().forEach((k, v) -> p.put((String) k, v));
    return p;
  }

  /** The identity's own user, created with its ACLs on first use. */
  @Override
  public Map<String, Object> clientProperties(Identity identity) {
    return principals.clientProperties(identity, bootstrapServers());
  }

  @Override
  public String registryUrl() {
    return registry.url();
  }

  @Override
  public String backend() {
    return "cluster";
  }

  /** Creates topics replicated like the cluster's own (RF 3, min ISR 2 with three racks). */
  @Override
  public void createTopics(int partitions, String... names) {
    try (Admin admin = Admin.create(adminProperties())) {
      Set<NewTopic> topics = new HashSet<>();
      for (String name : names) {
        topics.add(
            new NewTopic(name, partitions, (short) cluster.replicationFactor())
                .configs(
                    Map.of("min.insync.replicas", Integer.toString(cluster.minInsyncReplicas()))));
      }
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      cluster.close();
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort: a temp dir
      }
    }
  }
}
