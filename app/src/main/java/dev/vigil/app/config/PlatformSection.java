package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.platform.ClusterSettings;
import dev.vigil.platform.security.BrokerSecurity.ClientAuth;
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
 * @param insecure a plaintext broker without authentication or ACLs (default false: SASL_SSL with
 *     SCRAM-SHA-512, one principal per component, ACLs from the topic catalogue)
 * @param clientCertificates whether broker clients must also present a certificate of the platform
 *     CA (mTLS): {@code NONE} (default) or {@code REQUIRED}
 * @param racks empty: one broker in this JVM; else a local cluster of one broker JVM per rack
 *     ({@code broker.rack}), all combined broker and controller (docs/deployment.md), secured as
 *     the single broker is unless {@code insecure}
 */
public record PlatformSection(
    String host,
    int kafkaPort,
    int controllerPort,
    int registryPort,
    int registryHeapMb,
    boolean insecure,
    ClientAuth clientCertificates,
    List<String> racks) {

  @JsonCreator
  static PlatformSection fromYaml(
      @JsonProperty("host") String host,
      @JsonProperty("kafkaPort") Integer kafkaPort,
      @JsonProperty("controllerPort") Integer controllerPort,
      @JsonProperty("registryPort") Integer registryPort,
      @JsonProperty("registryHeapMb") Integer registryHeapMb,
      @JsonProperty("insecure") Boolean insecure,
      @JsonProperty("clientCertificates") ClientAuth clientCertificates,
      @JsonProperty("racks") List<String> racks) {
    return new PlatformSection(
        Objects.requireNonNullElse(host, "127.0.0.1"),
        port("platform.kafkaPort", kafkaPort),
        port("platform.controllerPort", controllerPort),
        port("platform.registryPort", registryPort),
        Objects.requireNonNullElse(registryHeapMb, 256),
        Objects.requireNonNullElse(insecure, false),
        Objects.requireNonNullElse(clientCertificates, ClientAuth.NONE),
        Objects.requireNonNullElse(racks, List.of()));
  }

  /** The same section with a plaintext broker ({@code --insecure}). */
  public PlatformSection withInsecure() {
    return new PlatformSection(
        host,
        kafkaPort,
        controllerPort,
        registryPort,
        registryHeapMb,
        true,
        clientCertificates,
        racks);
  }

  public PlatformSection {
    Objects.requireNonNull(clientCertificates, "platform.clientCertificates");
    racks = List.copyOf(racks);
    if (insecure && clientCertificates == ClientAuth.REQUIRED) {
      throw new IllegalArgumentException(
          "platform.clientCertificates: REQUIRED needs TLS but platform.insecure is true");
    }
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
        host,
        kafkaPort,
        controllerPort,
        registryPort,
        registryHeapMb,
        insecure,
        clientCertificates,
        newRacks);
  }

  static PlatformSection defaults() {
    return fromYaml(null, null, null, null, null, null, null, null);
  }
}
