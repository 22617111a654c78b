package dev.vigil.platform;

import dev.vigil.platform.security.BrokerSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a local multi-broker KRaft cluster: one broker per rack, each a combined broker and
 * controller in its own JVM, so losing any one rack keeps a controller quorum (with three racks).
 *
 * @param dataDir brokers keep their logs in {@code <dataDir>/<rack>}; formatted on first start
 * @param host the address to bind and advertise; loopback unless deliberately changed
 * @param racks one broker per entry, its {@code broker.rack}; 1 to 9 distinct names
 * @param brokerHeapMb -Xmx of each broker JVM
 * @param startTimeout how long the whole cluster may take to answer with every broker
 * @param overrides extra broker properties for every broker, applied last
 * @param security TLS + SCRAM + ACLs for every broker ({@link BrokerSecurity}, as the single broker
 *     has them); empty for a plaintext cluster
 */
public record ClusterSettings(
    Path dataDir,
    String host,
    List<String> racks,
    int brokerHeapMb,
    Duration startTimeout,
    Map<String, String> overrides,
    Optional<BrokerSecurity> security) {
  public static final int MAX_BROKERS = 9;

  public ClusterSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(startTimeout, "startTimeout");
    racks = List.copyOf(racks);
    overrides = Map.copyOf(overrides);
    Objects.requireNonNull(security, "security");
    if (racks.isEmpty() || racks.size() > MAX_BROKERS) {
      throw new IllegalArgumentException(
          "a cluster needs 1.." + MAX_BROKERS + " racks (one broker each) but got " + racks.size());
    }
    if (new HashSet<>(racks).size() != racks.size()) {
      throw new IllegalArgumentException("racks must be distinct but were " + racks);
    }
    for (String rack : racks) {
      if (!rack.matches("[a-z][a-z0-9-]{0,31}")) {
        throw new IllegalArgumentException(
            "a rack name must match [a-z][a-z0-9-]{0,31} but was '" + rack + "'");
      }
    }
    if (brokerHeapMb < 128) {
      throw new IllegalArgumentException("brokerHeapMb must be >= 128 but was " + brokerHeapMb);
    }
  }

  /** A plaintext cluster (no TLS, no authentication, no authorizer). */
  public ClusterSettings(
      Path dataDir,
      String host,
      List<String> racks,
      int brokerHeapMb,
      Duration startTimeout,
      Map<String, String> overrides) {
    this(dataDir, host, racks, brokerHeapMb, startTimeout, overrides, Optional.empty());
  }

  /** These settings with every broker secured by {@code brokerSecurity}. */
  public ClusterSettings secured(BrokerSecurity brokerSecurity) {
    return new ClusterSettings(
        dataDir, host, racks, brokerHeapMb, startTimeout, overrides, Optional.of(brokerSecurity));
  }

  /** Loopback, 384 MB per broker, two minutes to start, no overrides, plaintext. */
  public static ClusterSettings loopback(Path dataDir, List<String> racks) {
    return new ClusterSettings(dataDir, "127.0.0.1", racks, 384, Duration.ofSeconds(120), Map.of());
  }

  /** The replication factor the cluster's own topics get: 3, or fewer with fewer brokers. */
  public int replicationFactor() {
    return Math.min(3, racks.size());
  }

  /** The min ISR of the cluster's own topics: RF - 1, at least 1. */
  public int minInsyncReplicas() {
    return Math.max(1, replicationFactor() - 1);
  }
}
