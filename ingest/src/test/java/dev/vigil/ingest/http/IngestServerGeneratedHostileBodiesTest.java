package dev.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.schemas.event.Identifiers;
import dev.vigil.schemas.json.EventFormatException;
import dev.vigil.schemas.json.EventJson;
import io.opentelemetry.api.OpenTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18 against the real HTTP server on 127.0.0.1 (Kafka unreachable, so accepted events are
 * acknowledged from the durable spool): each hostile identifier and date is refused with a reason
 * that names the field and the rule but not the value, and 2,000 generated hostile bodies never get
 * a 5xx or a dropped connection, and every line is either accepted (and valid) or refused with a
 * reason.
 */
class IngestServerGeneratedHostileBodiesTest {
  static final String TOKEN = "tok-" + UUID.randomUUID();
  static final String MARK = "HOSTILE";
  static final ObjectMapper JSON = new ObjectMapper();
  static final EventJson EVENTS = new EventJson();

  @TempDir static Path dir;
  static DurableProducer producer;
  static IngestServer server;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    producer = IngestServerHostileInputTest.producer(dir.resolve("spool"), 512L << 20);
    server =
        IngestServer.start(
            IngestHttpConfig.loopback(Map.of("edge-1", TokenHashes.sha256Hex(TOKEN))),
            producer,
            OpenTelemetry.noop());
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    producer.close();
  }

  /** Each identifier field × each hostile value of issue 18 (JSON-escaped where needed). */
  static Stream<Arguments> hostileIdentifiers() {
    List<Arguments> cases = new ArrayList<>();
    Map<String, String> values =
        Map.of(
            "a 300,000-character id", "a".repeat(300_000),
            "NUL", MARK + "\\u0000x",
            "U+202E", MARK + "\\u202Egnp.exe",
            "U+200B", MARK + "\\u200Bx",
            "a lone surrogate", MARK + "\\ud800x");
    Map<String, String> rules =
        Map.of(
            "a 300,000-character id", "longer than 64 characters",
            "NUL", "contains a control character",
            "U+202E", "contains a format character (bidi override or zero-width)",
            "U+200B", "contains a format character (bidi override or zero-width)",
            "a lone surrogate",
                // Jackson reads a lone \\ud800 escape as U+FFFD: refused by the pattern
                "must be " + Identifiers.RULE);
    for (String field : List.of("site", "service", "source", "check.vantage")) {
      values.forEach((name, value) -> cases.add(Arguments.of(field, name, value, rules.get(name))));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("hostileIdentifiers")
  void shouldRefuseAHostileIdentifierNamingFieldAndRuleWithoutEchoingIt(
      String field, String name, String value, String rule) throws Exception {
    String line =
        health(UUID.randomUUID().toString()).replace(placeholder(field), member(field, value));

    HttpResponse<String> r = post(line, "application/x-ndjson");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode rejected = JSON.readTree(r.body()).get("rejected").get(0);
    assertThat(rejected.get("reason").asText()).isEqualTo(field + ": " + rule);
    assertThat(r.body()).doesNotContain(MARK).doesNotContain("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  }

  @ParameterizedTest(name = "observed_at {0}")
  @MethodSource("hostileDates")
  void shouldRefuseAnImplausibleObservedAt(String date, String reason) throws Exception {
    String line = health(UUID.randomUUID().toString()).replace("2026-03-02T08:15:04Z", date);

    HttpResponse<String> r = post(line, "application/x-ndjson");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("rejected").get(0).get("reason").asText())
        .isEqualTo(reason);
  }

  static Stream<Arguments> hostileDates() {
    return Stream.of(
        Arguments.of("+99999-01-01T00:00:00Z", "observed_at: after year 9999"),
        Arguments.of("1900-01-01T00:00:00Z", "observed_at: before 2000-01-01"));
  }

  @Test
  void shouldAnswerTwoThousandGeneratedHostileBodiesWithoutA5xxAndWithAReasonForEveryRefusal()
      throws Exception {
    Random random = new Random(18);
    int accepted = 0;
    int refused = 0;
    Set<Integer> statuses = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      List<byte[]> lines = hostileBody(random, i);
      boolean array = i % 7 == 3;
      byte[] body = array ? arrayBody(lines) : ndjsonBody(lines);

      HttpResponse<String> r = post(body, array ? "application/json" : "application/x-ndjson");

      statuses.add(r.statusCode());
      assertThat(r.statusCode()).as("body %d", i).isIn(200, 202, 207, 400, 413);
      assertThat(r.body()).as("body %d", i).doesNotContain(MARK);
      JsonNode json = JSON.readTree(r.body());
      if (json.has("rejected")) {
        Set<Integer> refusedLines = new HashSet<>();
        for (JsonNode rejection : json.get("rejected")) {
          assertThat(rejection.get("line").asInt()).isPositive();
          assertThat(rejection.get("reason").asText()).isNotBlank().hasSizeLessThan(300);
          refusedLines.add(rejection.get("line").asInt());
        }
        refused += refusedLines.size();
        accepted += json.get("accepted").asInt() + json.get("duplicates").asInt();
        if (!array) {
          assertAcceptedLinesAreValid(lines, refusedLines, i);
        }
      } else {
        assertThat(json.get("error").asText()).as("body %d", i).isNotBlank();
      }
    }
    assertThat(accepted).isPositive();
    assertThat(refused).isGreaterThan(1000);
    assertThat(statuses).contains(202, 207, 400);
  }

  /** A line the server accepted parses here too, and its identifiers follow the rule. */
  private static void assertAcceptedLinesAreValid(
      List<byte[]> lines, Set<Integer> refusedLines, int body) {
    for (int n = 1; n <= lines.size(); n++) {
      if (refusedLines.contains(n) || lines.get(n - 1).length == 0) {
        continue;
      }
      SpecificRecord event;
      try {
        event = EVENTS.parse(new String(lines.get(n - 1), StandardCharsets.UTF_8));
      } catch (EventFormatException e) {
        throw new AssertionError("body " + body + " line " + n + " accepted but invalid: " + e);
      }
      for (String field : List.of("site", "source")) {
        Object value = event.get(event.getSchema().getField(field).pos());
        assertThat(Identifiers.isValid(String.valueOf(value))).isTrue();
      }
    }
  }

  private static List<byte[]> hostileBody(Random random, int i) {
    int count = 1 + random.nextInt(i % 10 == 9 ? 6 : 2);
    List<byte[]> lines = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      lines.add(hostileLine(random, i, n));
    }
    return lines;
  }

  private static byte[] hostileLine(Random random, int i, int n) {
    String id = UUID.randomUUID().toString();
    String good = health(id);
    String[] fields = {"site", "service", "source", "check.vantage"};
    String field = fields[random.nextInt(fields.length)];
    String[] bad = {
      "\\u0000",
      "\\u202E",
      "\\u200B",
      "\\u2066",
      "\\uFEFF",
      "\\ud800",
      "\\udc00",
      "\\u0007",
      "\\u001B[31m",
      "\u202E",
      "\u200B",
      " ",
      "/",
      "\\n"
    };
    return switch ((i + n) % 12) {
      case 0 -> randomBytes(random, random.nextInt(300));
      case 1 -> splice(good.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28});
      case 2 -> ("[".repeat(1 + random.nextInt(6000))).getBytes(StandardCharsets.UTF_8);
      case 3 ->
          good.replace("\"latency_ms\":12", "\"latency_ms\":NaN").getBytes(StandardCharsets.UTF_8);
      case 4 ->
          good.replace("\"status\":\"PASS\"", "\"status\":\"PASS\",\"status\":\"FAIL\"")
              .getBytes(StandardCharsets.UTF_8);
      case 5 -> {
        int length = i % 100 == 5 ? 300_000 : 65 + random.nextInt(2000);
        yield good.replace(placeholder(field), member(field, MARK + "x".repeat(length)))
            .getBytes(StandardCharsets.UTF_8);
      }
      case 6, 7 ->
          good.replace(
                  placeholder(field), member(field, MARK + bad[random.nextInt(bad.length)] + "x"))
              .getBytes(StandardCharsets.UTF_8);
      case 8 -> {
        String[] dates = {
          "+99999-01-01T00:00:00Z",
          "1900-01-01T00:00:00Z",
          "1970-01-01T00:00:00Z",
          "-0001-01-01T00:00:00Z",
          "9999-12-31T23:59:59Z",
          "2026-02-30T00:00:00Z"
        };
        yield good.replace("2026-03-02T08:15:04Z", dates[random.nextInt(dates.length)])
            .getBytes(StandardCharsets.UTF_8);
      }
      case 9 -> good.getBytes(StandardCharsets.UTF_8);
      case 10 ->
          good.replace("https://checkout.example", "x" + bad[random.nextInt(bad.length)] + "y")
              .getBytes(StandardCharsets.UTF_8);
      default -> mutate(random, good.getBytes(StandardCharsets.UTF_8));
    };
  }

  private static String placeholder(String field) {
    return switch (field) {
      case "site" -> "\"site\":\"primary\"";
      case "service" -> "\"service\":\"checkout\"";
      case "source" -> "\"source\":\"probe-1\"";
      default -> "\"vantage\":\"eu1\"";
    };
  }

  /** The field's JSON member with {@code value} (already JSON-escaped where needed). */
  private static String member(String field, String value) {
    String name = field.equals("check.vantage") ? "vantage" : field;
    return "\"" + name + "\":\"" + value + "\"";
  }

  /** A valid health event with id {@code id}. */
  private static String health(String id) {
    return Events.health(UUID.fromString(id));
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    for (int k = 0; k < n; k++) {
      if (b[k] == '\n') {
        b[k] = ' ';
      }
    }
    return b;
  }

  private static byte[] mutate(Random random, byte[] good) {
    byte[] b = good.clone();
    for (int k = 0; k < 1 + random.nextInt(4); k++) {
      b[random.nextInt(b.length)] = (byte) (random.nextInt(254) + 1);
    }
    for (int k = 0; k < b.length; k++) {
      if (b[k] == '\n') {
        b[k] = '.';
      }
    }
    return b;
  }

  private static byte[] splice(byte[] good, byte[] junk) {
    int at = new String(good, StandardCharsets.UTF_8).indexOf("https://");
    byte[] out = new byte[good.length + junk.length];
    System.arraycopy(good, 0, out, 0, at);
    System.arraycopy(junk, 0, out, at, junk.length);
    System.arraycopy(good, at, out, at + junk.length, good.length - at);
    return out;
  }

  private static byte[] ndjsonBody(List<byte[]> lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] line : lines) {
      out.write(line);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static byte[] arrayBody(List<byte[]> lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int k = 0; k < lines.size(); k++) {
      out.write(k == 0 ? ' ' : ',');
      out.write(lines.get(k));
    }
    out.write(']');
    return out.toByteArray();
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
}
