package dev.vigil.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real multi-broker Kafka cluster on this machine: one KRaft broker per rack, each a combined
 * broker and controller in its own JVM ({@link BrokerProcess}) on free loopback ports, all of them
 * voters of a static controller quorum. With three racks, losing any one keeps both a controller
 * majority and {@code min.insync.replicas} 2 of replication factor 3 for the cluster's own topics.
 *
 * <p>Broker settings are those of {@link EmbeddedKafkaBroker} with the replication of the internal
 * topics raised to the cluster's size. With {@link ClusterSettings#security()} every broker is
 * secured as the single broker is ({@link dev.vigil.platform.security.BrokerSecurity}): SASL_SSL
 * client listener, which is also the inter-broker listener (the admin, a super user), mTLS
 * controller listener (the broker certificate, a super user), the admin's SCRAM credential in every
 * broker's formatted log dir; users and ACLs are the launcher's, created once the cluster is up.
 * The cluster id is kept in {@code <dataDir>/cluster.id}, so a cluster started again on the same
 * directory keeps its data.
 */
public final class EmbeddedCluster implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedCluster.class);

  /** How long a broker may take over its controlled shutdown before it is killed. */
  private static final Duration CLEAN_STOP_GRACE = Duration.ofSeconds(10);

  private final ClusterSettings settings;
  private final List<BrokerProcess> brokers;

  private EmbeddedCluster(ClusterSettings settings, List<BrokerProcess> brokers) {
    this.settings = settings;
    this.brokers = List.copyOf(brokers);
  }

  /** Starts every broker and waits until the cluster reports all of them. */
  public static EmbeddedCluster start(ClusterSettings settings) {
    Path root = settings.dataDir().toAbsolutePath();
    String clusterId = clusterId(root);
    String host = settings.host();
    int n = settings.racks().size();
    int[] ports = new int[n];
    int[] controllerPorts = new int[n];
    List<String> voters = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ports[i] = Ports.freePort(host);
      controllerPorts[i] = Ports.freePort(host);
      voters.add((i + 1) + "@" + host + ":" + controllerPorts[i]);
    }
    Map<String, String> overrides = new HashMap<>(replication(settings));
    overrides.put("controller.quorum.voters", String.join(",", voters));
    overrides.putAll(settings.overrides());
    List<BrokerProcess> started = new ArrayList<>();
    EmbeddedCluster cluster = new EmbeddedCluster(settings, started);
    try {
      for (int i = 0; i < n; i++) {
        String rack = settings.racks().get(i);
        BrokerSettings broker =
            new BrokerSettings(
                root.resolve(rack),
                host,
                ports[i],
                controllerPorts[i],
                Map.of(),
                settings.security());
        started.add(
            BrokerProcess.start(
                i + 1, rack, broker, settings.brokerHeapMb(), clusterId, overrides));
      }
      cluster = new EmbeddedCluster(settings, started);
      cluster.awaitBrokers(n, settings.startTimeout());
    } catch (RuntimeException e) {
      started.forEach(BrokerProcess::kill);
      throw e;
    }
    LOGGER
        .atInfo()
        .addKeyValue("bootstrap", cluster.bootstrapServers())
        .addKeyValue("racks", settings.racks())
        .addKeyValue("secured", settings.security().isPresent())
        .log("embedded Kafka cluster started");
    return cluster;
  }

  /** The replication settings of the internal topics for a cluster of this size. */
  static Map<String, String> replication(ClusterSettings settings) {
    String rf = Integer.toString(settings.replicationFactor());
    String isr = Integer.toString(settings.minInsyncReplicas());
    Map<String, String> p = new HashMap<>();
    p.put("default.replication.factor", rf);
    p.put("min.insync.replicas", isr);
    p.put("offsets.topic.replication.factor", rf);
    p.put("transaction.state.log.replication.factor", rf);
    p.put("transaction.state.log.min.isr", isr);
    p.put("share.coordinator.state.topic.replication.factor", rf);
    p.put("share.coordinator.state.topic.min.isr", isr);
    p.put("unclean.leader.election.enable", "false");
    return p;
  }

  private static String clusterId(Path root) {
    Path file = root.resolve("cluster.id");
    try {
      Files.createDirectories(root);
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      String id = Uuid.randomUuid().toString();
      Files.writeString(file, id, StandardCharsets.US_ASCII);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the cluster id in " + file, e);
    }
  }

  /** Every broker's {@code host:port}, comma-separated: what clients bootstrap from. */
  public String bootstrapServers() {
    return brokers.stream().map(BrokerProcess::bootstrapServer).collect(Collectors.joining(","));
  }

  /** The brokers, in rack order. */
  public List<BrokerProcess> brokers() {
    return brokers;
  }

  /** The broker standing for {@code rack}. */
  public BrokerProcess broker(String rack) {
    return brokers.stream()
        .filter(b -> b.rack().equals(rack))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException("no broker in rack '" + rack + "'; racks: " + racks()));
  }

  public List<String> racks() {
    return settings.racks();
  }

  /** The replication factor the cluster's topics should have (3, or fewer brokers). */
  public int replicationFactor() {
    return settings.replicationFactor();
  }

  public int minInsyncReplicas() {
    return settings.minInsyncReplicas();
  }

  /** Loses a location's broker hard (SIGKILL). */
  public void kill(String rack) {
    broker(rack).kill();
  }

  /** Starts a lost broker again and waits until the cluster reports it. */
  public void restart(String rack) {
    broker(rack).restart();
    awaitBrokers(brokers.size(), settings.startTimeout());
  }

  /** Whether every broker is secured ({@link ClusterSettings#security()}). */
  public boolean secured() {
    return settings.security().isPresent();
  }

  /**
   * Admin client properties for this cluster: bootstrap only for a plaintext cluster, the admin's
   * SASL_SSL settings (super user) for a secured one.
   */
  public Properties adminProperties() {
    Properties p = new Properties();
    settings.security().ifPresent(s -> p.putAll(s.adminClientProperties()));
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return p;
  }

  /** Waits until {@code count} brokers are registered and unfenced. */
  public void awaitBrokers(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(adminProperties())) {
      while (true) {
        for (BrokerProcess broker : brokers) {
          if (!broker.isAlive() && !broker.killed()) {
            throw new IllegalStateException(
                "broker " + broker.nodeId() + " exited; see " + broker.logFile());
          }
        }
        Set<Integer> up = nodes(admin);
        if (up.size() >= count) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "cluster has "
                  + up.size()
                  + " of "
                  + count
                  + " brokers after "
                  + timeout
                  + "; see "
                  + brokers.get(0).logFile());
        }
        sleep(200);
      }
    }
  }

  private static Set<Integer> nodes(Admin admin) {
    try {
      return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
          .map(Node::id)
          .collect(Collectors.toSet());
    } catch (ExecutionException | TimeoutException e) {
      return Set.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the cluster", e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops every broker: one at a time with a controlled shutdown (up to 10 s each) while a majority
   * of the controller voters is up, the last ones killed; the data directory is kept.
   */
  @Override
  public void close() {
    // A combined broker and controller stops cleanly (controlled shutdown, then its logs closed)
    // only while a majority of the voters is up to approve the shutdown; stopped all at once, every
    // broker waited for a quorum that was going too, until its 30 s SIGKILL. So they stop one at a
    // time, the last rack first, while a majority is up; the rest could only wait, and are killed
    // (their logs are recovered at the next start, as after a crash).
    int majority = brokers.size() / 2 + 1;
    List<BrokerProcess> alive =
        new ArrayList<>(brokers.stream().filter(BrokerProcess::isAlive).toList());
    int clean = 0;
    int killed = 0;
    while (!alive.isEmpty()) {
      BrokerProcess next = alive.remove(alive.size() - 1);
      boolean quorum = alive.size() + 1 >= majority;
      if (next.stop(quorum ? CLEAN_STOP_GRACE : Duration.ZERO)) {
        clean++;
      } else {
        killed++;
      }
    }
    LOGGER
        .atInfo()
        .addKeyValue("racks", settings.racks())
        .addKeyValue("stopped", clean)
        .addKeyValue("killed", killed)
        .log("embedded Kafka cluster stopped");
  }
}
