package dev.vigil.app.demo;

import dev.vigil.app.cli.SigningKeyFiles;
import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeysetStore;
import dev.vigil.schemas.signing.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The demo's {@code vigil} YAML, written to {@code <data-dir>/demo/demo.yaml} so a reader can see
 * exactly what ran: one service on two sites, probes from two vantage points every second, short
 * thresholds and dwell times, a Suricata sensor on the backup site, and the gates the demo can feed
 * with evidence (IDS heartbeat and intrusion; drift, certificate and key sync are off because the
 * demo runs no posture collector on the backup site, and those gates fail closed without fresh
 * evidence).
 */
final class DemoConfig {
  static final String SERVICE = "payments";
  static final String PRIMARY = "primary";
  static final String BACKUP = "backup";
  static final List<String> VANTAGES = List.of("vantage-a", "vantage-b");
  static final int FAILURE_THRESHOLD = 3;
  static final String SENSOR = "suricata-backup";
  static final Duration PREPARE_DWELL = Duration.ofSeconds(3);

  /** The first step dwells longest: the IDS alert has to land while traffic is still at 10 %. */
  static final List<Step> STEPS =
      List.of(
          new Step(10, Duration.ofSeconds(8)),
          new Step(50, Duration.ofSeconds(3)),
          new Step(100, Duration.ofSeconds(3)));

  record Step(int percent, Duration dwell) {}

  private DemoConfig() {}

  /** The files the demo works with, all under {@code <data-dir>/demo}. */
  /** The files of a run; {@code operatorKey} signs the demo's operator commands. */
  record Written(Path config, Path eveFile, Path keys, Path operatorKey) {}

  /** Key id of the demo operator's signing key, listed in failover.commands.keys. */
  static final String OPERATOR_KEY_ID = "oncall-demo";

  /** Writes the keyset directory, an empty EVE file and the YAML; returns their paths. */
  static Written write(Path dir, int primaryPort, int backupPort) throws IOException {
    Files.createDirectories(dir);
    Path keys = dir.resolve("keys");
    try {
      KeysetStore.open(keys).create("vigil-pseudonym", java.time.Instant.now());
    } catch (KeyException e) {
      throw new IOException(e.getMessage(), e);
    }
    Path eve = Files.createFile(dir.resolve("backup-eve.json"));
    // The on-call engineer's signing key: the correlator takes only commands signed by it
    SigningKey operator = SigningKey.generate(OPERATOR_KEY_ID);
    Path operatorKey = dir.resolve("operator.key");
    SigningKeyFiles.write(operatorKey, operator);
    Path config = dir.resolve("demo.yaml");
    Files.writeString(
        config,
        yaml(keys, eve, primaryPort, backupPort)
            .replace(
                "  waiverWarning: 1m\n",
                "  waiverWarning: 1m\n  commands:\n    keys:\n      "
                    + SigningKeyFiles.configLine(operator, Operator.NAME)
                    + "\n"));
    return new Written(config, eve, keys, operatorKey);
  }

  static String yaml(Path keys, Path eve, int primaryPort, int backupPort) {
    StringBuilder probes = new StringBuilder();
    for (String site : List.of(PRIMARY, BACKUP)) {
      int port = site.equals(PRIMARY) ? primaryPort : backupPort;
      for (String vantage : VANTAGES) {
        probes.append(
            "    - {service: %s, site: %s, target: \"http://127.0.0.1:%d/health\", vantage: %s, interval: 1s, timeout: 1s}\n"
                .formatted(SERVICE, site, port, vantage));
      }
    }
    StringBuilder steps = new StringBuilder();
    for (Step s : STEPS) {
      steps.append(
          "    - {percent: %d, dwell: %ds}\n".formatted(s.percent(), s.dwell().toSeconds()));
    }
    return """
        # vigil demo: generated for one run; see `vigil demo --help`
        telemetry:
          prometheusPort: -1
        redaction:
          keysDir: "%s"
        sites: [%s, %s]
        services:
          %s: {active: %s, standby: %s, quorum: 2, failureThreshold: %d, successThreshold: 2, staleTimeout: 30s}
        failover:
          prepareDwell: %ds
          steps:
        %s  cooldown: 10m
          maxWaiver: 1h
          waiverWarning: 1m
        gates:
          drift: {enabled: false}
          idsHeartbeat: {enabled: true, maxAge: 5m}
          certificate: {enabled: false}
          keySync: {enabled: false}
          intrusion: {enabled: true, severity: HIGH, window: 30m}
        ingest:
          site: %s
          collectorId: demo-collector
          tailers:
            - {path: "%s", format: suricata-eve, service: %s, source: %s, site: %s}
          probes:
        %s"""
        .formatted(
            keys,
            PRIMARY,
            BACKUP,
            SERVICE,
            PRIMARY,
            BACKUP,
            FAILURE_THRESHOLD,
            PREPARE_DWELL.toSeconds(),
            steps,
            PRIMARY,
            eve,
            SERVICE,
            SENSOR,
            BACKUP,
            probes);
  }
}
