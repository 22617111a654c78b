package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
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
 */
public record PlatformSection(
    String host, int kafkaPort, int controllerPort, int registryPort, int registryHeapMb) {

  @JsonCreator
  static PlatformSection fromYaml(
      @JsonProperty("host") String host,
      @JsonProperty("kafkaPort") Integer kafkaPort,
      @JsonProperty("controllerPort") Integer controllerPort,
      @JsonProperty("registryPort") Integer registryPort,
      @JsonProperty("registryHeapMb") Integer registryHeapMb) {
    return new PlatformSection(
        Objects.requireNonNullElse(host, "127.0.0.1"),
        port("platform.kafkaPort", kafkaPort),
        port("platform.controllerPort", controllerPort),
        port("platform.registryPort", registryPort),
        Objects.requireNonNullElse(registryHeapMb, 256));
  }

  public PlatformSection {
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

  static PlatformSection defaults() {
    return fromYaml(null, null, null, null, null);
  }
}
