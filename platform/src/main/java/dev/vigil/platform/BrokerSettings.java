package dev.vigil.platform;

import dev.vigil.platform.security.BrokerSecurity;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the embedded single-node KRaft broker.
 *
 * @param dataDir where the broker keeps its log; it is formatted on first start and reused after
 * @param host the address to bind and advertise; always loopback unless deliberately changed
 * @param port the client port; 0 picks a free one
 * @param controllerPort the KRaft controller port; 0 picks a free one
 * @param overrides extra broker properties, applied last
 * @param security TLS + SCRAM + ACLs ({@link BrokerSecurity}); empty for a plaintext broker
 */
public record BrokerSettings(
    Path dataDir,
    String host,
    int port,
    int controllerPort,
    Map<String, String> overrides,
    Optional<BrokerSecurity> security) {

  public BrokerSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    Ports.checkPort("broker port", port);
    Ports.checkPort("controller port", controllerPort);
    overrides = Map.copyOf(overrides);
    Objects.requireNonNull(security, "security");
  }

  /** A plaintext broker (no TLS, no authentication, no authorizer). */
  public BrokerSettings(
      Path dataDir, String host, int port, int controllerPort, Map<String, String> overrides) {
    this(dataDir, host, port, controllerPort, overrides, Optional.empty());
  }

  /** These settings with the client listener secured by {@code brokerSecurity}. */
  public BrokerSettings secured(BrokerSecurity brokerSecurity) {
    return new BrokerSettings(
        dataDir, host, port, controllerPort, overrides, Optional.of(brokerSecurity));
  }

  /** Loopback, free ports, no overrides. */
  public static BrokerSettings loopback(Path dataDir) {
    return new BrokerSettings(dataDir, "127.0.0.1", 0, 0, Map.of());
  }
}
