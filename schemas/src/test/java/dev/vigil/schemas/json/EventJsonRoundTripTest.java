package dev.vigil.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.ProbeType;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SignalOrigin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventJsonRoundTripTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final EventJson eventJson = new EventJson();

  @Test
  void shouldRoundTripHealthEventThroughAvroBinary() throws Exception {
    // Given a failing HTTP probe result with a +01:00 offset
    String line = Fixtures.read("health-http-fail.json");

    // When it is parsed, written as Avro binary, read back and written as JSON
    HealthCheckResult parsed = (HealthCheckResult) eventJson.parse(line, EventKind.HEALTH);
    HealthCheckResult copy = binaryRoundTrip(parsed, HealthCheckResult.class);
    JsonNode out = MAPPER.readTree(eventJson.toJson(copy));

    // Then the values survive, the timestamp is normalised to UTC and kind stays lower-case
    assertThat(copy.getEventId())
        .isEqualTo(UUID.fromString("7f1c2a9e-4b1d-4c8e-9a53-0d2f6b8e1a40"));
    assertThat(copy.getObservedAt()).isEqualTo(Instant.parse("2026-03-02T08:15:04.250Z"));
    assertThat(copy.getIngestedAt()).isNull();
    assertThat(copy.getCheck().getProbe()).isEqualTo(ProbeType.HTTP);
    assertThat(copy.getCheck().getStatus()).isEqualTo(CheckStatus.FAIL);
    assertThat(copy.getCheck().getLatencyMs()).isEqualTo(5003L);
    assertThat(copy.getCheck().getStatusCode()).isEqualTo(503);
    assertThat(out.get("kind").asText()).isEqualTo("health");
    assertThat(out.get("observed_at").asText()).isEqualTo("2026-03-02T08:15:04.250Z");
    assertThat(out.has("ingested_at")).as("nulls are omitted").isFalse();
    JsonNode expected = MAPPER.readTree(line);
    ((com.fasterxml.jackson.databind.node.ObjectNode) expected)
        .put("observed_at", "2026-03-02T08:15:04.250Z");
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void shouldRoundTripSecurityEventWithDefaultsApplied() throws Exception {
    // Given a security signal without attributes, message or ingested_at, but with ingested_at set
    String line =
        "{\"event_id\":\"0C1A9E42-5E5B-4F6F-8C1E-3D2B1A000001\",\"kind\":\"security\","
            + "\"site\":\"backup\",\"service\":\"payments-api\",\"source\":\"suricata-ams-1\","
            + "\"observed_at\":1313153577716,\"ingested_at\":\"2011-08-12T12:53:00Z\","
            + "\"signal\":{\"origin\":\"ZEEK\",\"severity\":\"HIGH\",\"category\":\"Notice\","
            + "\"signature\":\"SSH::Password_Guessing\",\"src_ip\":\"203.0.113.9\"}}";

    // When it is parsed and round-tripped through Avro binary
    SecuritySignal copy =
        binaryRoundTrip((SecuritySignal) eventJson.parse(line), SecuritySignal.class);
    JsonNode out = MAPPER.readTree(eventJson.toJson(copy));

    // Then defaults are filled in, the UUID is canonical lower-case and times are UTC ISO-8601
    assertThat(copy.getEventId().toString()).isEqualTo("0c1a9e42-5e5b-4f6f-8c1e-3d2b1a000001");
    assertThat(copy.getSignal().getOrigin()).isEqualTo(SignalOrigin.ZEEK);
    assertThat(copy.getSignal().getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(copy.getSignal().getSrcIp()).isEqualTo("203.0.113.9");
    assertThat(copy.getSignal().getDstIp()).isNull();
    assertThat(copy.getSignal().getAttributes()).isEmpty();
    assertThat(copy.getIngestedAt()).isEqualTo(Instant.parse("2011-08-12T12:53:00Z"));
    assertThat(out.get("event_id").asText()).isEqualTo("0c1a9e42-5e5b-4f6f-8c1e-3d2b1a000001");
    assertThat(out.get("observed_at").asText()).isEqualTo("2011-08-12T12:52:57.716Z");
    assertThat(out.get("ingested_at").asText()).isEqualTo("2011-08-12T12:53:00Z");
    assertThat(out.get("signal").get("attributes").size()).isZero();
    assertThat(out.get("signal").has("dst_ip")).isFalse();
  }

  @Test
  void shouldRoundTripPostureEventWithMapAndNullableTimestamp() throws Exception {
    // Given a certificate violation with epoch-millis observed_at and a details map
    String line = Fixtures.read("posture-cert.json");

    // When it is round-tripped
    PostureFinding copy =
        binaryRoundTrip(
            (PostureFinding) eventJson.parse(line, EventKind.POSTURE), PostureFinding.class);
    JsonNode out = MAPPER.readTree(eventJson.toJson(copy));

    // Then every value is kept
    assertThat(copy.getObservedAt()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
    assertThat(copy.getFinding().getCheck()).isEqualTo(PostureCheck.CERTIFICATE);
    assertThat(copy.getFinding().getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(copy.getFinding().getNotAfter()).isEqualTo(Instant.parse("2026-03-09T23:59:59Z"));
    assertThat(copy.getFinding().getDetails())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("subject", "CN=pay.example.com", "days_left", "7"));
    assertThat(copy.getFinding().getKeyId()).isNull();
    assertThat(out.get("kind").asText()).isEqualTo("posture");
    assertThat(out.get("observed_at").asText()).isEqualTo("2026-03-02T09:00:00Z");
    assertThat(out.get("finding").get("not_after").asText()).isEqualTo("2026-03-09T23:59:59Z");
    assertThat(out.get("finding").has("key_id")).isFalse();
  }

  @Test
  void shouldDispatchOnKindWhenNoKindIsExpected() throws Exception {
    // Given lines of all three kinds
    // When they are parsed without an expected kind
    SpecificRecord health = eventJson.parse(Fixtures.read("health-http-fail.json"));
    SpecificRecord posture = eventJson.parse(Fixtures.read("posture-cert.json"));

    // Then each becomes the record class of its kind
    assertThat(health).isInstanceOf(HealthCheckResult.class);
    assertThat(posture).isInstanceOf(PostureFinding.class);
  }

  @Test
  void shouldRefuseToWriteEventWhoseKindContradictsItsClass() throws Exception {
    // Given a health record whose kind field says security
    HealthCheckResult record =
        (HealthCheckResult) eventJson.parse(Fixtures.read("health-http-fail.json"));
    record.setKind(EventKind.SECURITY);

    // When / Then
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> eventJson.toJson(record))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HealthCheckResult has kind SECURITY");
  }

  private static <T extends SpecificRecord> T binaryRoundTrip(T record, Class<T> type)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(type).write(record, encoder);
    encoder.flush();
    return new SpecificDatumReader<>(type)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }

  @Test
  void shouldWriteEventsExactlyAsTheJsonTreeWritesThem() throws Exception {
    // Given the fixture events, with attribute values and messages of random Unicode text
    java.util.Random random = new java.util.Random(7);
    java.util.List<SpecificRecord> events = new java.util.ArrayList<>();
    for (int n = 0; n < 300; n++) {
      for (String name : java.util.List.of("health-http-fail.json", "posture-cert.json")) {
        events.add(eventJson.parse(Fixtures.read(name)));
      }
      SecuritySignal signal =
          (SecuritySignal)
              eventJson.parse(
                  "{\"event_id\":\"0c1a9e42-5e5b-4f6f-8c1e-3d2b1a000001\",\"kind\":\"security\","
                      + "\"site\":\"backup\",\"service\":\"payments-api\",\"source\":\"zeek-1\","
                      + "\"observed_at\":1313153577716,\"signal\":{\"origin\":\"ZEEK\","
                      + "\"severity\":\"HIGH\",\"category\":\"Notice\",\"signature\":\"x\"}}");
      Map<String, String> attributes = new java.util.LinkedHashMap<>();
      for (int k = 0; k < random.nextInt(6); k++) {
        attributes.put("k" + k + randomText(random, 3), randomText(random, 40));
      }
      signal.getSignal().setAttributes(attributes);
      signal.getSignal().setMessage(randomText(random, 200));
      events.add(signal);
    }

    for (SpecificRecord event : events) {
      // When it is written by the streaming writer and by the tree (the writer before it)
      com.fasterxml.jackson.databind.node.ObjectNode tree = AvroJson.toJson(event);
      tree.put("kind", tree.get("kind").asText().toLowerCase(java.util.Locale.ROOT));

      // Then both texts are the same, byte for byte
      assertThat(eventJson.toJson(event)).isEqualTo(StrictJson.MAPPER.writeValueAsString(tree));
    }
  }

  private static String randomText(java.util.Random random, int maxLength) {
    StringBuilder text = new StringBuilder();
    int n = random.nextInt(maxLength + 1);
    for (int i = 0; i < n; i++) {
      int cp =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(0x80); // ASCII, controls and quotes included
            case 1 -> 0x80 + random.nextInt(0x780);
            case 2 -> 0x4E00 + random.nextInt(0x100);
            default -> 0x1F600 + random.nextInt(0x50); // outside the BMP
          };
      text.appendCodePoint(cp);
    }
    return text.toString();
  }
}
