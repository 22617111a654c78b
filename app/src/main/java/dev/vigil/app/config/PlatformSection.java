package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.platform.ClusterSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The embedded platform of {@code vigil run} / {@code vigil platform}. A port of 0 picks a free
 * one; {@code endpoints.json} tells which.
 *
 * @param host bind address; loopback by default, so nothing is exposed beyond this machine
 * @param kafkaPort broker client port
 * @param controllerPort KRaft controller port
 * @param registryPort schema registry HTTP port
 * @param registryHeapMb -Xmx of the registry child JVM
 * @param racks empty: one broker in this JVM; else a local cluster of one broker JVM per rack
 *     ({@code broker.rack}), all combined broker and controller (docs/deployment.md)
 */
public record PlatformSection(
    String host,
    int kafkaPort,
    int controllerPort,
    int registryPort,
    int registryHeapMb,
    List<String> racks) {

  @JsonCreator
  static PlatformSection fromYaml(
      @JsonProperty("host") String host,
      @JsonProperty("kafkaPort") Integer kafkaPort,
      @JsonProperty("controllerPort") Integer controllerPort,
      @JsonProperty("registryPort") Integer registryPort,
      @JsonProperty("registryHeapMb") Integer registryHeapMb,
      @JsonProperty("racks") List<String> racks) {
    return new PlatformSection(
        Objects.requireNonNullElse(host, "127.0.0.1"),
        port("platform.kafkaPort", kafkaPort),
        port("platform.controllerPort", controllerPort),
        port("platform.registryPort", registryPort),
        Objects.requireNonNullElse(registryHeapMb, 256),
        Objects.requireNonNullElse(racks, List.of()));
  }

  public PlatformSection {
    racks = List.copyOf(racks);
    if (!racks.isEmpty()) {
      try {
        ClusterSettings.loopback(Path.of("."), racks); // the cluster's own rules, checked at load
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("platform.racks: " + e.getMessage(), e);
      }
      if (kafkaPort != 0 || controllerPort != 0) {
        throw new IllegalArgumentException(
            "platform.kafkaPort and platform.controllerPort are for the single broker; a cluster"
                + " (platform.racks) always picks free ports, listed in endpoints.json");
      }
    }
    if (registryHeapMb < 64) {
      throw new IllegalArgumentException(
          "platform.registryHeapMb must be >= 64 but was " + registryHeapMb);
    }
  }

  static int port(String key, Integer value) {
    int port = Objects.requireNonNullElse(value, 0);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(key + " must be 0..65535 but was " + port);
    }
    return port;
  }

  /** The same settings with a local cluster of one broker per rack (empty: a single broker). */
  public PlatformSection withRacks(List<String> newRacks) {
    return new PlatformSection(
        host, kafkaPort, controllerPort, registryPort, registryHeapMb, newRacks);
  }

  static PlatformSection defaults() {
    return fromYaml(null, null, null, null, null, null);
  }
}
