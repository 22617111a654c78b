package dev.vigil.bench;

import dev.vigil.schemas.catalog.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The scale-out bench's YAML: the three-broker racked cluster's ({@code vigil platform --brokers
 * 3}), and each instance's ({@code vigil streams --only ...}), which differ in instance.id only.
 */
final class ScaleOutConfig {
  private final ScaleOutBench.Options o;

  ScaleOutConfig(ScaleOutBench.Options options) {
    this.o = options;
  }

  Path platformYaml(Path dir) throws IOException {
    return write(
        dir.resolve("platform.yaml"),
        """
        # vigil bench scale-out: the cluster (as `vigil platform --brokers 3`)
        telemetry: {prometheusPort: -1}
        platform: {racks: [primary, backup, witness]}
        %s"""
            .formatted(topicsYaml()));
  }

  private String topicsYaml() {
    return """
        topics:
          replicationFactor: 3
          minInsyncReplicas: 2
          perTopic:
            %s: {partitions: %d}
            %s: {partitions: %d}
        """
        .formatted(Topics.HEALTH_RAW.name(), o.partitions(), Topics.HEALTH.name(), o.partitions());
  }

  /** Instance {@code i}'s YAML for {@code vigil streams --only component}, written under dir. */
  Path instanceYaml(
      Path dir,
      String component,
      String appId,
      int i,
      String bootstrap,
      Path platformDir,
      String registry,
      Path keys,
      List<String> services)
      throws IOException {
    String redactorId =
        component.equals(ScaleOutBench.REDACTOR) ? appId : appId + "-unused-redactor";
    String correlatorId =
        component.equals(ScaleOutBench.CORRELATOR) ? appId : appId + "-unused-correlator";
    String name = ScaleOutBench.instanceId(appId, i);
    return write(
        dir.resolve(name + ".yaml"),
        """
        # vigil bench scale-out: %s instance %d (the others differ in instance.id only)
        kafka:
          bootstrapServers: %s
          platformDataDir: "%s"
          properties: {%s}
        registry:
          url: %s
        telemetry:
          prometheusPort: -1
        instance: {id: %s}
        %s
        redaction:
          keysDir: "%s"
          applicationId: %s
        failover:
          applicationId: %s
        sites: [%s, %s]
        services:
        %s"""
            .formatted(
                component,
                i,
                bootstrap,
                platformDir,
                o.threads() == 1 ? "" : "num.stream.threads: " + o.threads(),
                registry,
                name,
                topicsYaml(),
                keys,
                redactorId,
                correlatorId,
                Probes.PRIMARY,
                Probes.DR,
                servicesYaml(services)));
  }

  private static Path write(Path file, String yaml) throws IOException {
    Files.writeString(file, yaml);
    return file;
  }

  /** Every service primary -> dr, quorum 2, failureThreshold 3, one YAML line each. */
  private static String servicesYaml(List<String> services) {
    StringBuilder serviceLines = new StringBuilder();
    for (String s : services) {
      serviceLines.append(
          "  %s: {active: %s, standby: %s, quorum: 2, failureThreshold: 3, successThreshold: 2, staleTimeout: 1h}\n"
              .formatted(s, Probes.PRIMARY, Probes.DR));
    }
    return serviceLines.toString();
  }
}
