package dev.vigil.platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the embedded single-node KRaft broker.
 *
 * @param dataDir where the broker keeps its log; it is formatted on first start and reused after
 * @param host the address to bind and advertise; always loopback unless deliberately changed
 * @param port the client port; 0 picks a free one
 * @param controllerPort the KRaft controller port; 0 picks a free one
 * @param overrides extra broker properties, applied last
 */
public record BrokerSettings(
    Path dataDir, String host, int port, int controllerPort, Map<String, String> overrides) {

  public BrokerSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    Ports.checkPort("broker port", port);
    Ports.checkPort("controller port", controllerPort);
    overrides = Map.copyOf(overrides);
  }

  /** Loopback, free ports, no overrides. */
  public static BrokerSettings loopback(Path dataDir) {
    return new BrokerSettings(dataDir, "127.0.0.1", 0, 0, Map.of());
  }
}
