package dev.vigil.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.SecuritySignal;
import org.junit.jupiter.api.Test;

/** Every class of input error, with the exact path and message. */
class EventJsonErrorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final EventJson eventJson = new EventJson();

  private static ObjectNode health() throws Exception {
    return (ObjectNode) MAPPER.readTree(Fixtures.read("health-http-fail.json"));
  }

  private static ObjectNode security() throws Exception {
    return (ObjectNode)
        MAPPER.readTree(
            "{\"event_id\":\"0c1a9e42-5e5b-4f6f-8c1e-3d2b1a000001\",\"kind\":\"security\","
                + "\"site\":\"backup\",\"service\":\"payments-api\",\"source\":\"s1\","
                + "\"observed_at\":1,\"signal\":{\"origin\":\"SIEM\",\"severity\":\"LOW\","
                + "\"category\":\"c\",\"signature\":\"s\",\"attributes\":{\"x\":\"1\"}}}");
  }

  private EventFormatException failure(String line, EventKind kind) {
    return catchThrowableOfType(EventFormatException.class, () -> eventJson.parse(line, kind));
  }

  private EventFormatException failure(ObjectNode json, EventKind kind) {
    return failure(json.toString(), kind);
  }

  @Test
  void shouldRejectUnknownFieldNamingItsPath() throws Exception {
    // Given a health event with a misspelt nested field
    ObjectNode json = health();
    ((ObjectNode) json.get("check")).put("stauts", "FAIL");

    // When it is parsed
    EventFormatException e = failure(json, EventKind.HEALTH);

    // Then the unknown field is named with its full path
    assertThat(e.getMessage()).isEqualTo("check.stauts: unknown field");
    assertThat(e.path()).isEqualTo("check.stauts");
  }

  @Test
  void shouldRejectAHealthCheckResultWithAnEmptyService() throws Exception {
    // Found by fuzzing (issue 18), kept in EventJsonFuzzTestInputs/parse/: only site- or
    // segment-wide evidence (a finding or signal) may leave its service empty
    ObjectNode json = health();
    json.put("service", "");

    assertThat(failure(json, EventKind.HEALTH).getMessage())
        .isEqualTo("service: must not be empty");

    ObjectNode siteWide = security();
    siteWide.put("service", "");
    siteWide.put("observed_at", "2026-03-02T08:00:00Z");
    SecuritySignal parsed =
        (SecuritySignal) eventJson.parse(siteWide.toString(), EventKind.SECURITY);
    assertThat(parsed.getService()).isEmpty();
  }

  @Test
  void shouldRejectMissingRequiredFieldNamingItsPath() throws Exception {
    // Given a health event without check.target
    ObjectNode json = health();
    ((ObjectNode) json.get("check")).remove("target");

    // When / Then
    assertThat(failure(json, EventKind.HEALTH).getMessage())
        .isEqualTo("check.target: missing required field");
  }

  @Test
  void shouldRejectWrongTypeNamingTheJsonTypeOnly() throws Exception {
    // Given latency_ms sent as a string
    ObjectNode json = health();
    ((ObjectNode) json.get("check")).put("latency_ms", "5003 ms");

    // When / Then
    assertThat(failure(json, EventKind.HEALTH).getMessage())
        .isEqualTo("check.latency_ms: expected a long but got a string");
  }

  @Test
  void shouldRejectFractionalAndOutOfRangeIntegers() throws Exception {
    // Given a fractional latency and a status code beyond int range
    ObjectNode fractional = health();
    ((ObjectNode) fractional.get("check")).put("latency_ms", 1.5);
    ObjectNode huge = health();
    ((ObjectNode) huge.get("check")).put("status_code", 3_000_000_000L);

    // When / Then
    assertThat(failure(fractional, EventKind.HEALTH).getMessage())
        .isEqualTo("check.latency_ms: expected a long but got a fractional number");
    assertThat(failure(huge, EventKind.HEALTH).getMessage())
        .isEqualTo("check.status_code: expected an int but got a number out of range");
  }

  @Test
  void shouldRejectNullForNonNullableField() throws Exception {
    // Given check.name explicitly null
    ObjectNode json = health();
    ((ObjectNode) json.get("check")).putNull("name");

    // When / Then
    assertThat(failure(json, EventKind.HEALTH).getMessage())
        .isEqualTo("check.name: expected a string but got null");
  }

  @Test
  void shouldRejectBadEnumSymbolQuotingIt() throws Exception {
    // Given a posture-style status in a health check
    ObjectNode json = health();
    ((ObjectNode) json.get("check")).put("status", "OK");

    // When / Then
    assertThat(failure(json, EventKind.HEALTH).getMessage())
        .isEqualTo("check.status: expected one of [PASS, WARN, FAIL] but got \"OK\"");
  }

  @Test
  void shouldRejectLowerCaseEnumSymbol() throws Exception {
    // Given enum symbols are case-sensitive
    ObjectNode json = health();
    ((ObjectNode) json.get("check")).put("probe", "http");

    // When / Then
    assertThat(failure(json, EventKind.HEALTH).getMessage())
        .isEqualTo("check.probe: expected one of [HTTP, TCP, TLS, DNS, SCRIPT] but got \"http\"");
  }

  @Test
  void shouldNotQuoteEnumValueThatLooksLikePersonalData() throws Exception {
    // Given an e-mail address where an enum symbol belongs
    ObjectNode json = health();
    ((ObjectNode) json.get("check")).put("status", "jane.doe@example.com");

    // When
    EventFormatException e = failure(json, EventKind.HEALTH);

    // Then the value is not in the message
    assertThat(e.getMessage())
        .isEqualTo("check.status: expected one of [PASS, WARN, FAIL] but got a string (not shown)")
        .doesNotContain("jane");
  }

  @Test
  void shouldRejectMapValueOfWrongType() throws Exception {
    // Given a numeric attribute value
    ObjectNode json = security();
    ((ObjectNode) json.get("signal").get("attributes")).put("x", 42);

    // When / Then
    assertThat(failure(json, EventKind.SECURITY).getMessage())
        .isEqualTo("signal.attributes.x: expected a string but got a number");
  }

  @Test
  void shouldHideMapKeyAndUnknownFieldNamesThatAreNotPlainIdentifiers() throws Exception {
    // Given an attribute keyed by an e-mail address, and an unknown field named by one
    ObjectNode badKey = security();
    ((ObjectNode) badKey.get("signal").get("attributes")).put("jane.doe@example.com", true);
    ObjectNode badField = security();
    badField.put("jane.doe@example.com", "x");

    // When
    EventFormatException keyError = failure(badKey, EventKind.SECURITY);
    EventFormatException fieldError = failure(badField, EventKind.SECURITY);

    // Then the name is replaced by *
    assertThat(keyError.getMessage())
        .isEqualTo("signal.attributes.*: expected a string but got a boolean");
    assertThat(fieldError.getMessage()).isEqualTo("*: unknown field");
  }

  @Test
  void shouldRejectBadTimestampQuotingOnlyTimestampLikeText() throws Exception {
    // Given a timestamp without offset, and a free-text one
    ObjectNode noOffset = health();
    noOffset.put("observed_at", "2026-03-02T09:15:04");
    ObjectNode freeText = health();
    freeText.put("observed_at", "yesterday at Jane's");

    // When
    EventFormatException first = failure(noOffset, EventKind.HEALTH);
    EventFormatException second = failure(freeText, EventKind.HEALTH);

    // Then
    assertThat(first.getMessage())
        .isEqualTo(
            "observed_at: expected an ISO-8601 timestamp with offset or epoch milliseconds"
                + " but got \"2026-03-02T09:15:04\"");
    assertThat(second.getMessage())
        .isEqualTo(
            "observed_at: expected an ISO-8601 timestamp with offset or epoch milliseconds"
                + " but got a string (not shown)");
  }

  @Test
  void shouldRejectImpossibleCalendarDate() throws Exception {
    // Given February 30th
    ObjectNode json = health();
    json.put("observed_at", "2026-02-30T00:00:00Z");

    // When / Then
    assertThat(failure(json, EventKind.HEALTH).path()).isEqualTo("observed_at");
  }

  @Test
  void shouldRejectBadUuid() throws Exception {
    // Given an event id that is not a UUID
    ObjectNode json = health();
    json.put("event_id", "1-2-3-4-5");

    // When / Then
    assertThat(failure(json, EventKind.HEALTH).getMessage())
        .isEqualTo("event_id: expected a UUID but got \"1-2-3-4-5\"");
  }

  @Test
  void shouldRejectKindOtherThanExpected() throws Exception {
    // Given a health event sent where security events are expected
    // When / Then
    assertThat(failure(health(), EventKind.SECURITY).getMessage())
        .isEqualTo("kind: expected \"security\" but got \"health\"");
  }

  @Test
  void shouldRejectUpperCaseKind() throws Exception {
    // Given the Avro symbol instead of the JSON spelling
    ObjectNode json = health();
    json.put("kind", "HEALTH");

    // When / Then
    assertThat(failure(json, EventKind.HEALTH).getMessage())
        .isEqualTo("kind: expected one of [health, security, posture] but got \"HEALTH\"");
  }

  @Test
  void shouldRejectMissingKind() throws Exception {
    ObjectNode json = health();
    json.remove("kind");

    assertThat(failure(json, EventKind.HEALTH).getMessage())
        .isEqualTo("kind: missing required field");
  }

  @Test
  void shouldRejectNonObjectInput() {
    // Given a JSON array and a bare string
    // When / Then
    assertThat(failure("[1,2]", EventKind.HEALTH).getMessage())
        .isEqualTo("(root): expected an object but got an array");
    assertThat(failure("\"health\"", EventKind.HEALTH).getMessage())
        .isEqualTo("(root): expected an object but got a string");
    assertThat(failure("   ", EventKind.HEALTH).getMessage())
        .isEqualTo("(root): expected an object but got nothing");
  }

  @Test
  void shouldRejectTrailingContent() throws Exception {
    // Given a valid event followed by garbage, and by a second object
    String line = Fixtures.read("health-http-fail.json");

    // When / Then
    assertThat(failure(line + " jane", EventKind.HEALTH).getMessage())
        .startsWith("(root): unexpected content after the JSON value")
        .doesNotContain("jane");
    assertThat(failure(line + "{}", EventKind.HEALTH).getMessage())
        .isEqualTo(
            "(root): unexpected content after the JSON value at character " + (line.length() + 1));
  }

  @Test
  void shouldRejectDuplicateKeyNamingItsPath() throws Exception {
    // Given check.status given twice (last-wins would hide a FAIL)
    String line =
        Fixtures.read("health-http-fail.json")
            .replace("\"status\":\"FAIL\"", "\"status\":\"FAIL\",\"status\":\"PASS\"");

    // When / Then
    assertThat(failure(line, EventKind.HEALTH).getMessage())
        .isEqualTo("check.status: duplicate field");
  }

  @Test
  void shouldRejectMalformedJsonWithoutEchoingIt() {
    // Given an unquoted value that is personal data
    String line = "{\"signal\":{\"user\":jane.doe}}";

    // When
    EventFormatException e = failure(line, EventKind.SECURITY);

    // Then the message names the place, not the text
    assertThat(e.getMessage()).startsWith("signal.user: malformed JSON at character ");
    assertThat(e.getMessage()).doesNotContain("jane");
  }

  @Test
  void shouldRejectLineOverTheLimitCountingUtf8Bytes() throws Exception {
    // Given a limit just below the fixture's UTF-8 size, where one char takes 2 bytes
    String line =
        Fixtures.read("health-http-fail.json").replace("fra-1\",\"status", "fré-1\",\"status");
    int bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    assertThat(bytes).isEqualTo(line.length() + 1);

    // When / Then: exactly at the limit passes, one byte less fails
    assertThat(new EventJson(bytes).parse(line, EventKind.HEALTH)).isNotNull();
    EventFormatException e =
        catchThrowableOfType(
            EventFormatException.class,
            () -> new EventJson(line.length()).parse(line, EventKind.HEALTH));
    assertThat(e.getMessage())
        .isEqualTo("(root): line longer than the limit of " + line.length() + " bytes");
  }

  @Test
  void shouldRejectNestingDeeperThan32() {
    // Given 33 nested objects inside an attribute (deeper than any schema allows)
    String deep = "{\"a\":".repeat(32) + "1" + "}".repeat(32);
    String line = "{\"signal\":" + deep + "}";
    String ok = "{\"a\":".repeat(31) + "1" + "}".repeat(31);

    // When / Then: 33 levels is a nesting error, 32 levels reaches schema validation
    assertThat(failure(line, EventKind.SECURITY).problem())
        .isEqualTo("nesting deeper than 32 levels");
    assertThat(failure(ok, EventKind.SECURITY).getMessage())
        .isEqualTo("kind: missing required field");
  }
}
