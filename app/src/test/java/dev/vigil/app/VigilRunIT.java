package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance path of the foundation: {@code vigil run} in its own JVM on a fresh data dir,
 * {@code publish} and {@code tail} against it, SIGTERM, and a second start on the same data dir.
 */
class VigilRunIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void shouldServeTheCatalogueRoundTripEventsAndKeepThemAcrossARestart() throws Exception {
    Path dataDir = tmp.resolve("D");
    String eventId = UUID.randomUUID().toString();
    String good = healthEvent(eventId, "FAIL");
    String bad = healthEvent(UUID.randomUUID().toString(), "BROKEN");
    Path ndjson = tmp.resolve("events.ndjson");
    Files.writeString(ndjson, good + "\n" + bad + "\n{not json\n");

    // Given vigil run on a fresh data dir
    try (VigilProcess run = VigilProcess.start(dataDir, "run", "--data-dir", dataDir.toString())) {
      Map<String, String> endpoints = run.awaitEndpoints(Duration.ofSeconds(180));
      System.out.printf(
          "vigil run ready after %d ms (pid %d)%n", run.sinceStart().toMillis(), run.pid());
      assertThat(endpoints).containsKeys("bootstrap", "registry", "metrics", "ingest");
      // And the collectors' HTTP API is up, with a per-run token only its owner can read
      assertThat(
              java.net.http.HttpClient.newHttpClient()
                  .send(
                      java.net.http.HttpRequest.newBuilder(
                              java.net.URI.create(endpoints.get("ingest")).resolve("/healthz"))
                          .build(),
                      java.net.http.HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dataDir.resolve("ingest").resolve("token"))))
          .isEqualTo("rw-------");

      // Then every catalogue topic exists with its cleanup policy, and every subject is registered
      assertCatalogueApplied(dataDir, endpoints);

      // When one valid and two malformed lines are published
      CliRun publish =
          CliRun.vigil(
              "publish",
              "--kind",
              "health",
              "--file",
              ndjson.toString(),
              "--data-dir",
              dataDir.toString());
      // Then the bad lines are named with line number and reason, the exit is non-zero
      assertThat(publish.code()).isEqualTo(1);
      assertThat(publish.err()).contains("line 2: rejected: check.status");
      assertThat(publish.err()).contains("line 3: rejected:");
      assertThat(publish.err()).doesNotContain("line 1");
      assertThat(publish.out()).contains("published 1 event(s) to vigil.health.raw.v1; 2 rejected");

      // And the good line round-trips through tail
      JsonNode tailed = tailOne(dataDir);
      assertRoundTripped(tailed, JSON.readTree(good));

      // When SIGTERM arrives, then it exits 0 within 10 s and removes endpoints.json
      long t0 = System.nanoTime();
      assertThat(run.terminate(Duration.ofSeconds(10))).as(run::diagnostics).isZero();
      System.out.printf("vigil run stopped in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertThat(dataDir.resolve("endpoints.json")).doesNotExist();
    }

    // When it starts again on the same data dir, the earlier record is still there
    try (VigilProcess again =
        VigilProcess.start(dataDir, "run", "--data-dir", dataDir.toString())) {
      again.awaitEndpoints(Duration.ofSeconds(180));
      System.out.printf("vigil run restarted in %d ms%n", again.sinceStart().toMillis());
      assertThat(tailOne(dataDir).get("event_id").asText()).isEqualTo(eventId);
      assertThat(again.terminate(Duration.ofSeconds(10))).as(again::diagnostics).isZero();
    }
  }

  private static void assertCatalogueApplied(Path dataDir, Map<String, String> endpoints)
      throws Exception {
    try (Admin admin =
        Admin.create(
            dev.vigil.app.runtime.ClientConnections.local(
                dataDir, endpoints, dev.vigil.platform.security.PlatformCredentials.ADMIN))) {
      List<ConfigResource> resources =
          Topics.ALL.stream()
              .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
              .toList();
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      for (Topic<?> topic : Topics.ALL) {
        Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
        assertThat(config.get("cleanup.policy").value())
            .as(topic.name())
            .isEqualTo(topic.cleanup().config());
        topic
            .retention()
            .ifPresent(
                r ->
                    assertThat(config.get("retention.ms").value())
                        .as(topic.name())
                        .isEqualTo(Long.toString(r.toMillis())));
      }
    }
    try (SchemaRegistryClient registry =
        SchemaRegistryClients.create(endpoints.get("registry"), Map.of())) {
      List<String> expected =
          Topics.ALL.stream()
              .filter(t -> t.valueSchema().isPresent())
              .map(Topic::valueSubject)
              .toList();
      assertThat(registry.subjects()).containsAll(expected);
      assertThat(expected).hasSize(11);
    }
  }

  private static JsonNode tailOne(Path dataDir) throws Exception {
    CliRun tail =
        CliRun.vigil(
            "tail",
            "vigil.health.raw.v1",
            "--from-beginning",
            "--max",
            "1",
            "--timeout",
            "30",
            "--data-dir",
            dataDir.toString());
    assertThat(tail.code()).as(tail.err()).isZero();
    List<String> lines = tail.out().lines().toList();
    assertThat(lines).hasSize(1);
    return JSON.readTree(lines.get(0));
  }

  private static void assertRoundTripped(JsonNode tailed, JsonNode sent) {
    for (String field : List.of("event_id", "kind", "site", "service", "source", "observed_at")) {
      assertThat(tailed.get(field)).as(field).isEqualTo(sent.get(field));
    }
    assertThat(tailed.get("check")).isEqualTo(sent.get("check"));
    assertThat(tailed.get("ingested_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  private static String healthEvent(String id, String status) {
    return """
        {"event_id":"%s","kind":"health","site":"primary","service":"payments","source":"probe-eu-1",\
        "observed_at":"2026-11-27T03:00:00Z","check":{"name":"https-root","probe":"HTTP",\
        "target":"https://payments.primary.example/health","vantage":"eu-west","status":"%s",\
        "latency_ms":1200,"status_code":503,"error":"upstream timeout"}}"""
        .formatted(id, status);
  }
}
