package dev.vigil.app.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.Component;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.serde.AvroSerdes;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.testkit.SharedData;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collectors end to end against a real broker and registry: probes of two sites, a tailed
 * Suricata EVE file and the HTTP API all land on the raw topics, decoded through the registry.
 */
@ExtendWith(VigilPlatformExtension.class)
class IngestIT {
  static final List<String> RAW =
      List.of("vigil.health.raw.v1", "vigil.security.raw.v1", "vigil.posture.raw.v1");

  @TempDir Path dir;
  final List<HttpServer> servers = new ArrayList<>();
  final List<GenericRecord> seen = new ArrayList<>();
  Component component;
  KafkaConsumer<byte[], byte[]> consumer;
  Deserializer<GenericRecord> values;

  @AfterEach
  void tearDown() {
    if (component != null) {
      component.close();
    }
    servers.forEach(s -> s.stop(0));
    if (consumer != null) {
      consumer.close();
    }
  }

  @Test
  void shouldReportTheFailingSiteTailEveAndAcceptPostedEvents(VigilPlatform platform)
      throws Exception {
    // Given the catalogue on a real broker and registry
    SchemaRegistryClient registry = SchemaRegistryClients.create(platform.registryUrl(), Map.of());
    try (Admin admin = Admin.create(platform.adminProperties())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
    // And a service served at two sites, a Suricata EVE file, and a config naming them
    String service = platform.uniqueName("shop");
    String eveService = platform.uniqueName("edge");
    HttpServer primary = serve();
    HttpServer backup = serve();
    Path eve = dir.resolve("eve.json");
    Files.copy(SharedData.root().resolve("suricata-eve/tenzir/eve-excerpt.ndjson"), eve);
    String yaml =
        "ingest:\n"
            + "  site: primary\n"
            + "  collectorId: it-"
            + UUID.randomUUID().toString().substring(0, 8)
            + "\n"
            + "  spoolMaxBytes: 16777216\n"
            + "  maxClockSkew: 1m\n"
            + "  tailers:\n"
            + "    - { path: '"
            + eve
            + "', format: suricata-eve, service: "
            + eveService
            + ", source: suricata-it }\n"
            + "  probes:\n"
            + "    - { service: "
            + service
            + ", site: primary, target: '"
            + url(primary)
            + "', interval: 300ms, timeout: 1s, warnLatency: 1s }\n"
            + "    - { service: "
            + service
            + ", site: backup, target: '"
            + url(backup)
            + "', interval: 300ms, timeout: 1s, warnLatency: 1s }\n";
    VigilConfig config = ConfigLoader.parse("it.yaml", yaml);
    Path dataDir = dir.resolve("data");
    component =
        IngestComponent.factory().start(PlatformContexts.of(platform, config, dataDir, registry));
    values = AvroSerdes.generic(registry, false).deserializer();
    consumer = consumer(platform);

    // Then both sites report PASS
    await(r -> isHealth(r, service, "primary", "PASS"));
    await(r -> isHealth(r, service, "backup", "PASS"));

    // When the primary's server stops
    primary.stop(0);
    long stoppedAt = Instant.now().toEpochMilli();

    // Then FAIL health events arrive for the primary, while the backup stays PASS
    GenericRecord fail =
        await(r -> isHealth(r, service, "primary", "FAIL") && observedAt(r) > stoppedAt);
    GenericRecord check = (GenericRecord) fail.get("check");
    assertThat(check.get("error").toString()).isEqualTo("connection refused");
    assertThat(check.get("probe").toString()).isEqualTo("HTTP");
    assertThat(check.get("target").toString()).isEqualTo(url(primary));
    assertThat(fail.get("source").toString()).startsWith("it-");
    await(r -> isHealth(r, service, "backup", "PASS") && observedAt(r) > stoppedAt + 300);
    assertThat(seen)
        .filteredOn(r -> isHealth(r, service, "backup", null) && observedAt(r) > stoppedAt)
        .allMatch(r -> status(r).equals("PASS"));

    // And the tailed EVE alert is a SecuritySignal (with an IDS heartbeat for the sensor),
    // site-wide by default: scope SITE, the configured service kept as a label
    GenericRecord alert =
        await(r -> has(r, "signal") && r.get("service").toString().equals(eveService));
    assertThat(alert.get("scope").toString()).isEqualTo("SITE");
    GenericRecord signal = (GenericRecord) alert.get("signal");
    assertThat(signal.get("origin").toString()).isEqualTo("SURICATA");
    assertThat(signal.get("signature").toString())
        .startsWith("ET CURRENT_EVENTS SUSPICIOUS IRC - PRIVMSG");
    assertThat(signal.get("src_ip").toString()).isEqualTo("147.32.84.165");
    assertThat(alert.get("site").toString()).isEqualTo("primary");
    assertThat(alert.get("ingested_at")).isNotNull();
    await(
        r ->
            has(r, "finding")
                && r.get("service").toString().equals(eveService)
                && ((GenericRecord) r.get("finding"))
                    .get("check")
                    .toString()
                    .equals("IDS_HEARTBEAT"));

    // When NDJSON is posted to the HTTP API with the per-run token
    assertThat(component.endpoints()).containsKey("ingest");
    String token = Files.readString(dataDir.resolve("ingest").resolve("token"));
    UUID healthId = UUID.randomUUID();
    UUID securityId = UUID.randomUUID();
    String body = healthJson(healthId, service) + "\n" + securityJson(securityId, service) + "\n";
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(component.endpoints().get("ingest")).resolve("/v1/events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // Then both are accepted, committed on their raw topics before the answer (200, delivered)
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo("{\"accepted\":2,\"duplicates\":0,\"delivered\":true,\"rejected\":[]}");
    GenericRecord posted = await(r -> r.get("event_id").toString().equals(healthId.toString()));
    assertThat(((GenericRecord) posted.get("check")).get("vantage").toString()).isEqualTo("it-vp");
    GenericRecord postedSignal =
        await(r -> r.get("event_id").toString().equals(securityId.toString()));
    assertThat(((GenericRecord) postedSignal.get("signal")).get("signature").toString())
        .isEqualTo("ET SCAN posted");

    // When an event dated 90 s ahead is posted (ingest.maxClockSkew is 1m)
    String future =
        healthJson(UUID.randomUUID(), service)
            .replace("2026-03-02T08:15:04Z", Instant.now().plusSeconds(90).toString());
    HttpResponse<String> refused =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(component.endpoints().get("ingest")).resolve("/v1/events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(future + "\n"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // Then it is rejected by the configured rule
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains(
            "{\"line\":1,\"reason\":\"observed_at: more than 1m in the future (clock skew)\"}");
  }

  private GenericRecord await(Predicate<GenericRecord> match) {
    for (GenericRecord r : seen) {
      if (match.test(r)) {
        return r;
      }
    }
    try {
      return org.awaitility.Awaitility.await("a matching record")
          .atMost(Duration.ofSeconds(60))
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                GenericRecord found = null;
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                  GenericRecord r = values.deserialize(rec.topic(), rec.value());
                  seen.add(r); // keep the whole batch: later steps look for earlier records
                  if (found == null && match.test(r)) {
                    found = r;
                  }
                }
                return found;
              },
              java.util.Objects::nonNull);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // fall through to the summary of what was seen
    }
    Map<String, Long> summary =
        seen.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    r -> r.getSchema().getName() + "/" + r.get("service") + "/" + r.get("site"),
                    java.util.stream.Collectors.counting()));
    throw new AssertionError("no matching record within 60 s; saw " + summary);
  }

  private static boolean isHealth(GenericRecord r, String service, String site, String status) {
    return has(r, "check")
        && r.get("service").toString().equals(service)
        && r.get("site").toString().equals(site)
        && (status == null || status(r).equals(status));
  }

  private static boolean has(GenericRecord r, String field) {
    return r.getSchema().getField(field) != null;
  }

  private static String status(GenericRecord r) {
    return ((GenericRecord) r.get("check")).get("status").toString();
  }

  private static long observedAt(GenericRecord r) {
    Object v = r.get("observed_at");
    return v instanceof Instant ? ((Instant) v).toEpochMilli() : (Long) v;
  }

  private KafkaConsumer<byte[], byte[]> consumer(VigilPlatform platform) {
    Map<String, Object> props = platform.clientProperties();
    props.put("group.id", platform.uniqueName("ingest-it"));
    props.put("isolation.level", "read_committed");
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", false);
    KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    c.subscribe(RAW);
    return c;
  }

  private HttpServer serve() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
    servers.add(server);
    return server;
  }

  private static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }

  private static String healthJson(UUID id, String service) {
    return "{\"event_id\":\""
        + id
        + "\",\"kind\":\"health\",\"site\":\"backup\",\"service\":\""
        + service
        + "\",\"source\":\"ext-probe\",\"observed_at\":\"2026-03-02T08:15:04Z\","
        + "\"check\":{\"name\":\"http\",\"probe\":\"HTTP\",\"target\":\"https://x.example\","
        + "\"vantage\":\"it-vp\",\"status\":\"PASS\",\"latency_ms\":12}}";
  }

  private static String securityJson(UUID id, String service) {
    return "{\"event_id\":\""
        + id
        + "\",\"kind\":\"security\",\"site\":\"backup\",\"service\":\""
        + service
        + "\",\"source\":\"siem-1\",\"observed_at\":\"2026-03-02T08:15:04Z\","
        + "\"signal\":{\"origin\":\"SIEM\",\"severity\":\"HIGH\",\"category\":\"scan\","
        + "\"signature\":\"ET SCAN posted\",\"attributes\":{}}}";
  }
}
