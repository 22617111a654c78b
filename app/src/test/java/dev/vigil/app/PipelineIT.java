package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.testkit.TopicWatch;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline in one {@code vigil run}: active probes of two real HTTP servers (a primary
 * and a backup site, two vantage points each) → raw health topic → redactor → redacted topic →
 * failover correlator. Stopping the primary's server must yield a PREPARE trigger from primary to
 * backup, and the stages must go on.
 */
class PipelineIT {
  @TempDir Path tmp;

  @Test
  void shouldTriggerAStagedFailoverWhenThePrimarysServerStops() throws Exception {
    // Given two sites serving /health
    HttpServer primary = server();
    HttpServer backup = server();
    Path config = config(primary.getAddress().getPort(), backup.getAddress().getPort());
    Path dataDir = tmp.resolve("D");
    try (VigilProcess run =
        VigilProcess.start(
            dataDir, "run", "--config", config.toString(), "--data-dir", dataDir.toString())) {
      Map<String, String> endpoints = run.awaitEndpoints(Duration.ofSeconds(120));
      try (SchemaRegistryClient registry =
              SchemaRegistryClients.create(endpoints.get("registry"), Map.of());
          TopicWatch<FailoverState> states =
              watch(
                  dataDir,
                  endpoints,
                  Topics.FAILOVER_STATE.name(),
                  Topics.FAILOVER_STATE,
                  registry);
          TopicWatch<FailoverTrigger> triggers =
              watch(
                  dataDir,
                  endpoints,
                  Topics.FAILOVER_TRIGGERS.name(),
                  Topics.FAILOVER_TRIGGERS,
                  registry)) {
        // a few healthy probe rounds so both sites are UP, and nothing triggered
        states
            .failFastWhen(() -> !run.isAlive(), run::output)
            .await(
                "both sites UP",
                st ->
                    st.getSiteHealth().size() == 2
                        && st.getSiteHealth().values().stream().allMatch(h -> h == SiteHealth.UP),
                Duration.ofSeconds(60));
        assertThat(triggers.poll()).isEmpty();

        // When the primary's server stops
        long stopped = System.nanoTime();
        primary.stop(0);

        // Then a PREPARE trigger from primary to backup appears, and the stages go on
        triggers
            .failFastWhen(() -> !run.isAlive(), run::output)
            .await("SHIFT", t -> t.getStage() == TriggerStage.SHIFT, Duration.ofSeconds(90));
        List<FailoverTrigger> seen = triggers.seen();
        assertThat(seen).as(run.output()).isNotEmpty();
        FailoverTrigger prepare = seen.get(0);
        System.out.printf(
            "PREPARE seen within %d ms of stopping the primary (probe interval 1 s, threshold 3)%n",
            (System.nanoTime() - stopped) / 1_000_000);
        assertThat(prepare.getStage()).isEqualTo(TriggerStage.PREPARE);
        assertThat(prepare.getService()).isEqualTo("payments");
        assertThat(prepare.getFromSite()).isEqualTo("primary");
        assertThat(prepare.getToSite()).isEqualTo("backup");
        assertThat(prepare.getEvidenceEventIds()).isNotEmpty();
        assertThat(seen).extracting(FailoverTrigger::getStage).contains(TriggerStage.SHIFT);
      }
      assertThat(run.terminate(Duration.ofSeconds(30))).as(run::diagnostics).isZero();
    } finally {
      backup.stop(0);
    }
  }

  private static HttpServer server() throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext(
        "/health",
        exchange -> {
          byte[] ok = "ok".getBytes();
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    s.start();
    return s;
  }

  private Path config(int primaryPort, int backupPort) throws Exception {
    Path keys = tmp.resolve("keys");
    dev.vigil.redactionrules.keys.KeysetStore.open(keys)
        .create("vigil-pseudonym", java.time.Instant.now());
    StringBuilder probes = new StringBuilder();
    for (String site : List.of("primary", "backup")) {
      int port = site.equals("primary") ? primaryPort : backupPort;
      for (String vantage : List.of("v1", "v2")) {
        probes.append(
            "    - {service: payments, site: %s, target: \"http://127.0.0.1:%d/health\", vantage: %s, interval: 1s, timeout: 1s}\n"
                .formatted(site, port, vantage));
      }
    }
    Path config = tmp.resolve("vigil.yaml");
    Files.writeString(
        config,
        """
        telemetry:
          prometheusPort: -1
        redaction:
          keysDir: %s
        sites: [primary, backup]
        services:
          payments: {active: primary, standby: backup, quorum: 2, failureThreshold: 3, successThreshold: 2, staleTimeout: 30s}
        failover:
          prepareDwell: 3s
          steps: [{percent: 10, dwell: 3s}, {percent: 100, dwell: 3s}]
        gates:
          drift: {enabled: false}
          idsHeartbeat: {enabled: false}
          certificate: {enabled: false}
          keySync: {enabled: false}
        ingest:
          site: primary
          collectorId: pipeline-it
          probes:
        %s"""
            .formatted(keys, probes));
    return config;
  }

  private static <V> TopicWatch<V> watch(
      Path dataDir,
      Map<String, String> endpoints,
      String topic,
      dev.vigil.schemas.catalog.Topic<V> catalogued,
      SchemaRegistryClient registry) {
    // the pipeline runs secured: connect as the admin with the data dir's credentials
    Map<String, Object> props =
        new java.util.HashMap<>(
            dev.vigil.app.runtime.ClientConnections.local(
                dataDir, endpoints, dev.vigil.platform.security.PlatformCredentials.ADMIN));
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", false);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    consumer
        .partitionsFor(topic, Duration.ofSeconds(10))
        .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    var deserializer = TopicSerdes.value(catalogued, registry).deserializer();
    return TopicWatch.filtered(
        consumer,
        r ->
            r.value() == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(deserializer.deserialize(r.topic(), r.value())));
  }
}
