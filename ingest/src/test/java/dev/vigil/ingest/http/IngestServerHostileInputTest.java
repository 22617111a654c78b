package dev.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.ingest.spool.DurableProducerConfig;
import dev.vigil.ingest.spool.FsyncPolicy;
import dev.vigil.ingest.spool.SpoolConfig;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.platform.Ports;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.testkit.CapturedLogs;
import io.opentelemetry.api.OpenTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against a real server on 127.0.0.1. Kafka is deliberately unreachable: accepted
 * events are acknowledged from the durable spool. Every case checks status and message, that the
 * server still serves a good request, and that no planted value or token reached any log line.
 */
class IngestServerHostileInputTest {
  static final String TOKEN = "tok-" + UUID.randomUUID() + "-SECRET-TOKEN";
  static final String SECRET = "SECRET-PAYLOAD-4711";
  static final String EMAIL = "alice.secret@example.org";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static DurableProducer producer;
  static IngestServer server;
  static CapturedLogs logs;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    logs = new CapturedLogs();
    producer = producer(dir.resolve("spool"), SpoolConfig.DEFAULT_MAX_BYTES);
    server =
        IngestServer.start(
            IngestHttpConfig.loopback(Map.of("edge-1", TokenHashes.sha256Hex(TOKEN)))
                .withLimits(64 * 1024, 4096),
            producer,
            OpenTelemetry.noop());
  }

  static DurableProducer producer(Path spoolDir, long maxBytes) throws IOException {
    String deadKafka = "127.0.0.1:" + Ports.freePort("127.0.0.1");
    SpoolConfig spool =
        SpoolConfig.defaults(spoolDir)
            .withSegmentBytes(4096)
            .withMaxBytes(maxBytes)
            .withFsync(FsyncPolicy.PER_BATCH);
    return DurableProducer.open(
        DurableProducerConfig.of(spool, deadKafka, "hostile-" + UUID.randomUUID()),
        new AvroSerializer<SpecificRecord>(
            SchemaRegistryClients.create("mock://hostile", Map.of()), false),
        OpenTelemetry.noop());
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    producer.close();
    logs.close();
  }

  @AfterEach
  void serverStaysUpAndLogsStayClean() throws Exception {
    HttpResponse<String> good = post(Events.health(UUID.randomUUID()), "application/x-ndjson");
    assertThat(good.statusCode()).isEqualTo(202);
    assertThat(json(good).get("accepted").asInt()).isEqualTo(1);
    assertThat(logs.all()).doesNotContain(SECRET, EMAIL, TOKEN, "tok-");
  }

  @Test
  void shouldAcceptValidNdjsonAndJsonArrayAndReportTheCount() throws Exception {
    String two = Events.health(UUID.randomUUID()) + "\n" + Events.security(UUID.randomUUID(), "m");
    HttpResponse<String> ndjson = post(two + "\n", "application/x-ndjson");
    assertThat(ndjson.statusCode()).isEqualTo(202);
    assertThat(ndjson.body())
        .isEqualTo("{\"accepted\":2,\"duplicates\":0,\"delivered\":false,\"rejected\":[]}");

    String array =
        "[ " + Events.health(UUID.randomUUID()) + " ,\n" + Events.health(UUID.randomUUID()) + "]";
    HttpResponse<String> arr = post(array, "application/json; charset=utf-8");
    assertThat(arr.statusCode()).isEqualTo(202);
    assertThat(json(arr).get("accepted").asInt()).isEqualTo(2);
  }

  @Test
  void shouldRejectMalformedJsonNamingTheLineWithoutEchoingIt() throws Exception {
    HttpResponse<String> r =
        post("{\"event_id\": \"" + SECRET + "\", \"kind\": ", "application/x-ndjson");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode rejected = json(r).get("rejected").get(0);
    assertThat(rejected.get("line").asInt()).isEqualTo(1);
    assertThat(rejected.get("reason").asText()).isEqualTo("kind: malformed JSON at character 45");
    assertThat(r.body()).doesNotContain(SECRET);
  }

  @Test
  void shouldRejectWrongTypesPerLineAndAcceptTheValidLines() throws Exception {
    String body =
        Events.health(UUID.randomUUID())
            + "\n"
            + Events.health(UUID.randomUUID(), "PASS", "\"" + SECRET + "\"")
            + "\n\n"
            + Events.health(UUID.randomUUID(), EMAIL, "5");
    HttpResponse<String> r = post(body, "application/x-ndjson");
    assertThat(r.statusCode()).isEqualTo(207);
    JsonNode json = json(r);
    assertThat(json.get("accepted").asInt()).isEqualTo(1);
    assertThat(json.get("rejected").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(json.get("rejected").get(0).get("reason").asText())
        .isEqualTo("check.latency_ms: expected a long but got a string");
    assertThat(json.get("rejected").get(1).get("line").asInt()).isEqualTo(4);
    assertThat(json.get("rejected").get(1).get("reason").asText())
        .startsWith("check.status: expected one of [PASS, WARN, FAIL]");
    assertThat(r.body()).doesNotContain(SECRET, EMAIL);
  }

  @Test
  void shouldRejectInvalidUtf8NamingTheLine() throws Exception {
    byte[] good = (Events.health(UUID.randomUUID()) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad =
        Events.security(UUID.randomUUID(), SECRET + "\u00e9").getBytes(StandardCharsets.UTF_8);
    int e9 = indexOf(bad, (byte) 0xc3);
    bad[e9 + 1] = (byte) 0x28; // 0xC3 0x28: an invalid 2-byte sequence
    HttpResponse<String> one = post(bad, "application/x-ndjson");
    assertThat(one.statusCode()).isEqualTo(400);
    assertThat(one.body())
        .isEqualTo(
            "{\"accepted\":0,\"duplicates\":0,\"delivered\":true,\"rejected\":[{\"line\":1,\"reason\":\"(root): invalid UTF-8\"}]}");

    HttpResponse<String> mixed = post(concat(good, bad), "application/x-ndjson");
    assertThat(mixed.statusCode()).isEqualTo(207);
    assertThat(json(mixed).get("rejected").get(0).get("line").asInt()).isEqualTo(2);
  }

  @Test
  void shouldRejectDeeplyNestedJsonInBothForms() throws Exception {
    String deep = "{\"x\":".repeat(200) + "1" + "}".repeat(200);
    HttpResponse<String> line = post(deep, "application/x-ndjson");
    assertThat(line.statusCode()).isEqualTo(400);
    assertThat(json(line).get("rejected").get(0).get("reason").asText()).contains("nest");

    HttpResponse<String> array = post("[" + deep + "]", "application/json");
    assertThat(array.statusCode()).isEqualTo(400);
    assertThat(json(array).get("error").asText())
        .isEqualTo("JSON nested deeper than 32 levels in element 1");
  }

  @Test
  void shouldRejectAMalformedArrayAsAWholeWithoutAcceptingAnything() throws Exception {
    HttpResponse<String> r =
        post("[" + Events.health(UUID.randomUUID()) + ", {\"" + SECRET + "\" ", "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).startsWith("malformed JSON");
    assertThat(r.body()).doesNotContain(SECRET);

    HttpResponse<String> notArray = post(Events.health(UUID.randomUUID()), "application/json");
    assertThat(notArray.statusCode()).isEqualTo(400);
    assertThat(json(notArray).get("error").asText()).isEqualTo("expected a JSON array of events");
  }

  @Test
  void shouldRejectAHugeLineOnItsOwn() throws Exception {
    String huge = Events.security(UUID.randomUUID(), SECRET + "x".repeat(10_000));
    String body = Events.health(UUID.randomUUID()) + "\n" + huge;
    HttpResponse<String> r = post(body, "application/x-ndjson");
    assertThat(r.statusCode()).isEqualTo(207);
    JsonNode rej = json(r).get("rejected").get(0);
    assertThat(rej.get("line").asInt()).isEqualTo(2);
    assertThat(rej.get("reason").asText())
        .isEqualTo("(root): line longer than the limit of 4096 bytes");
  }

  @Test
  void shouldAnswer413BeforeReadingABodyWhoseDeclaredLengthIsTooLarge() throws Exception {
    // The body is never sent: the answer must come from the headers alone.
    String response =
        raw(
            "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TOKEN
                + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 999999999\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 413");
    assertThat(response).contains("{\"error\":\"body larger than 65536 bytes\"}");
  }

  @Test
  void shouldAnswer413ForAChunkedBodyPastTheLimit() throws Exception {
    byte[] big = ("x".repeat(1000) + "\n").repeat(80).getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(server.uri().resolve("/v1/events"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/x-ndjson")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)))
            .build();
    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void shouldAnswer401WithAChallengeForMissingOrWrongTokens() throws Exception {
    HttpResponse<String> missing =
        client.send(
            HttpRequest.newBuilder(server.uri().resolve("/v1/events"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(Events.health(UUID.randomUUID())))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"vigil-ingest\"");
    assertThat(json(missing).get("error").asText()).isEqualTo("missing bearer token");

    for (String header : new String[] {"Bearer " + TOKEN + "x", "Basic " + TOKEN, "Bearer "}) {
      HttpResponse<String> wrong =
          client.send(
              HttpRequest.newBuilder(server.uri().resolve("/v1/events"))
                  .header("Authorization", header)
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(Events.health(UUID.randomUUID())))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("error=\"invalid_token\"");
      assertThat(wrong.body()).doesNotContain(TOKEN);
    }
  }

  @Test
  void shouldAnswer415ForWrongContentTypesAndCharsets() throws Exception {
    for (String type :
        new String[] {"text/plain", "application/xml", "application/json; charset=latin1"}) {
      HttpResponse<String> r = post(Events.health(UUID.randomUUID()), type);
      assertThat(r.statusCode()).as(type).isEqualTo(415);
      assertThat(json(r).get("error").asText()).startsWith("unsupported content type");
    }
  }

  @Test
  void shouldNotStoreTheSameEventIdTwice() throws Exception {
    UUID id = UUID.randomUUID();
    assertThat(json(post(Events.health(id), "application/x-ndjson")).get("duplicates").asInt())
        .isZero();
    HttpResponse<String> again =
        post(Events.health(id) + "\n" + Events.health(id), "application/x-ndjson");
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.body())
        .isEqualTo("{\"accepted\":2,\"duplicates\":2,\"delivered\":false,\"rejected\":[]}");
  }

  @Test
  void shouldAnswerHealthAndReadinessWhileKafkaIsDownButTheSpoolHasRoom() throws Exception {
    HttpResponse<String> health =
        client.send(
            HttpRequest.newBuilder(server.uri().resolve("/healthz")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").asText()).isEqualTo("up");
    HttpResponse<String> ready =
        client.send(
            HttpRequest.newBuilder(server.uri().resolve("/readyz")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).get("kafka").asBoolean()).isFalse();
    HttpResponse<String> get =
        client.send(
            HttpRequest.newBuilder(server.uri().resolve("/v1/events")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }

  @Test
  void shouldAnswer429WithRetryAfterWhenTooManyRequestsAreInFlight(@TempDir Path other)
      throws Exception {
    try (DurableProducer p = producer(other, SpoolConfig.DEFAULT_MAX_BYTES);
        IngestServer one =
            IngestServer.start(
                IngestHttpConfig.loopback(Map.of("edge-1", TokenHashes.sha256Hex(TOKEN)))
                    .withMaxInFlight(1),
                p,
                OpenTelemetry.noop());
        Socket slow = new Socket("127.0.0.1", one.uri().getPort())) {
      // Given one request that declared a body and is still sending it
      OutputStream out = slow.getOutputStream();
      out.write(
          ("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + TOKEN
                  + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n{")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // When a second request arrives (once the first holds the only slot), Then it is told to
      // come back later
      Awaitility.await("a second request refused while the first holds the slot")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                HttpResponse<String> second =
                    client.send(
                        HttpRequest.newBuilder(one.uri().resolve("/v1/events"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/x-ndjson")
                            .POST(
                                HttpRequest.BodyPublishers.ofString(
                                    Events.health(UUID.randomUUID())))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(second.statusCode()).isEqualTo(429);
                assertThat(second.headers().firstValue("Retry-After")).contains("1");
              });
    }
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenTheSpoolIsFull(@TempDir Path other) throws Exception {
    try (DurableProducer p = producer(other, 4096);
        IngestServer small =
            IngestServer.start(
                IngestHttpConfig.loopback(Map.of("edge-1", TokenHashes.sha256Hex(TOKEN))),
                p,
                OpenTelemetry.noop())) {
      int status = 202;
      int accepted = 0;
      HttpResponse<String> r = null;
      for (int i = 0; i < 100 && status == 202; i++) {
        r =
            client.send(
                HttpRequest.newBuilder(small.uri().resolve("/v1/events"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(Events.health(UUID.randomUUID())))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        status = r.statusCode();
        accepted += status == 202 ? 1 : 0; // no Kafka here: spooled, delivery pending
      }
      assertThat(status).isEqualTo(503);
      assertThat(accepted).isBetween(5, 40);
      assertThat(r.headers().firstValue("Retry-After")).contains("1");
      assertThat(json(r).get("error").asText()).isEqualTo("spool full; retry later");
      assertThat(p.depthRecords()).isEqualTo(accepted);
    }
  }

  private HttpResponse<String> post(String body, String type) throws Exception {
    return post(body.getBytes(StandardCharsets.UTF_8), type);
  }

  private HttpResponse<String> post(byte[] body, String type) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.uri().resolve("/v1/events"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private static String raw(String request) throws IOException {
    URI uri = server.uri();
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        if (out.toString(StandardCharsets.US_ASCII).contains("}")) {
          break;
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
