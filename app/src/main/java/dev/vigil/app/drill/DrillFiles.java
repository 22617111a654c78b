package dev.vigil.app.drill;

import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeysetStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The YAML the drill runs with, written under {@code <data-dir>} so a reader sees exactly what ran:
 * {@code platform.yaml} (the three-broker cluster, as {@code vigil platform --brokers 3}: secured)
 * and one {@code <site>.yaml} per Vigil instance, identical except for {@code instance}; each
 * instance connects with the platform's credentials ({@code kafka.platformDataDir}), every
 * component as its own principal. Both instances share one redaction keyset directory, as instances
 * of one deployment share their keys.
 */
final class DrillFiles {
  /** The stages of the plan below, in the order the correlator must issue them. */
  static final List<String> EXPECTED_STAGES =
      List.of("PREPARE:0", "SHIFT:50", "SHIFT:100", "COMPLETE:100");

  static final Duration DWELL = Duration.ofSeconds(5);
  static final int SESSION_TIMEOUT_MS = 6000;

  private DrillFiles() {}

  static Path platform(Path dir) throws IOException {
    Path file = dir.resolve("platform.yaml");
    Files.writeString(
        file,
        """
        # vigil drill site-loss: the cluster (as `vigil platform --brokers 3`)
        telemetry: {prometheusPort: -1}
        platform: {racks: [primary, backup, witness]}
        topics: {replicationFactor: 3, minInsyncReplicas: 2}
        """);
    return file;
  }

  static Path keys(Path dir) throws IOException {
    Path keys = dir.resolve("keys");
    try {
      KeysetStore.open(keys).create("vigil-pseudonym", Instant.now());
    } catch (KeyException e) {
      throw new IOException(e.getMessage(), e);
    }
    return keys;
  }

  static Path site(
      Path dir,
      Location site,
      String bootstrap,
      Path platformDataDir,
      String registry,
      Path keys,
      int standbys,
      List<String> services)
      throws IOException {
    long dwell = DWELL.toSeconds();
    Path file = dir.resolve(site.rack() + ".yaml");
    Files.writeString(
        file,
        """
        # vigil drill site-loss: the Vigil instance at %s (the other site's differs in `instance`)
        kafka:
          bootstrapServers: %s
          platformDataDir: "%s"
          properties:
            session.timeout.ms: %d
            heartbeat.interval.ms: 1500
        registry:
          url: %s
        telemetry:
          prometheusPort: -1
        instance: {id: vigil-%s, site: %s}
        topics: {replicationFactor: 3, minInsyncReplicas: 2}
        streams: {standbyReplicas: %d}
        redaction:
          keysDir: "%s"
        failover:
          prepareDwell: %ds
          steps: [{percent: 50, dwell: %ds}, {percent: 100, dwell: %ds}]
        sites: [%s, %s]
        services:
        %s"""
            .formatted(
                site.rack(),
                bootstrap,
                platformDataDir,
                SESSION_TIMEOUT_MS,
                registry,
                site.rack(),
                site.rack(),
                standbys,
                keys,
                dwell,
                dwell,
                dwell,
                DrillFeed.ACTIVE,
                DrillFeed.STANDBY,
                serviceLines(services)));
    return file;
  }

  /** The {@code services:} entries, one line each, primary → backup. */
  private static String serviceLines(List<String> services) {
    StringBuilder lines = new StringBuilder();
    for (String s : services) {
      lines.append(
          "  %s: {active: %s, standby: %s, quorum: 2, failureThreshold: 3, successThreshold: 2, staleTimeout: 180s}\n"
              .formatted(s, DrillFeed.ACTIVE, DrillFeed.STANDBY));
    }
    return lines.toString();
  }
}
