package dev.vigil.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the Apicurio registry child process.
 *
 * @param workDir where the process log (and the H2 database when persistent) live
 * @param host the address to bind
 * @param port the HTTP port; 0 picks a free one
 * @param persistent keep schemas in an H2 file under {@code workDir} (else in memory)
 * @param maxHeapMb the child's -Xmx in MiB
 * @param startTimeout how long to wait for the ccompat API to answer
 * @param home an unpacked distribution to use instead of {@link RegistryDistribution#resolve()}
 */
public record RegistrySettings(
    Path workDir,
    String host,
    int port,
    boolean persistent,
    int maxHeapMb,
    Duration startTimeout,
    Optional<Path> home) {

  public RegistrySettings {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(host, "host");
    Ports.checkPort("registry port", port);
    if (maxHeapMb < 64) {
      throw new IllegalArgumentException("registry maxHeapMb must be >= 64 but was " + maxHeapMb);
    }
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(home, "home");
  }

  /** In-memory registry on a free loopback port. */
  public static RegistrySettings ephemeral(Path workDir) {
    return new RegistrySettings(
        workDir, "127.0.0.1", 0, false, 256, Duration.ofSeconds(90), Optional.empty());
  }

  /** H2-file-backed registry on a free loopback port; schemas survive restarts. */
  public static RegistrySettings persistent(Path workDir) {
    return new RegistrySettings(
        workDir, "127.0.0.1", 0, true, 256, Duration.ofSeconds(90), Optional.empty());
  }

  public RegistrySettings withPort(int newPort) {
    return new RegistrySettings(workDir, host, newPort, persistent, maxHeapMb, startTimeout, home);
  }
}
