package dev.vigil.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Reading JSON straight into the generated class gives exactly the record the generic read plus an
 * Avro binary round trip gave before: the same values, the same map iteration order, the same
 * treatment of lone surrogates, fresh defaults.
 */
class DirectSpecificReadTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static SpecificRecord viaRoundTrip(JsonNode json, EventKind kind) throws Exception {
    Class<? extends SpecificRecord> type = EventTypes.classOf(kind);
    return SpecificRecords.fromGeneric(AvroJson.fromJson(json, EventTypes.schemaOf(kind)), type);
  }

  private static SpecificRecord direct(JsonNode json, EventKind kind) throws Exception {
    return JsonToAvro.readSpecific(json, EventTypes.classOf(kind), "");
  }

  private static ObjectNode avroForm(String line) throws Exception {
    ObjectNode json = (ObjectNode) MAPPER.readTree(line);
    json.put("kind", json.get("kind").asText().toUpperCase(java.util.Locale.ROOT));
    return json;
  }

  private static ObjectNode signal() throws Exception {
    return avroForm(
        "{\"event_id\":\"0C1A9E42-5e5b-4f6f-8c1e-3d2b1a000001\",\"kind\":\"security\","
            + "\"site\":\"backup\",\"source\":\"s1\",\"scope\":\"SITE\","
            + "\"observed_at\":\"2026-03-02T08:15:04.1234+0100\",\"signal\":{\"origin\":\"SIEM\","
            + "\"severity\":\"LOW\",\"category\":\"c\",\"signature\":\"s\"}}");
  }

  @Test
  void shouldGiveTheRoundTripsRecordForEveryKind() throws Exception {
    // Given one event of each kind
    ObjectNode withAttributes = signal();
    ((ObjectNode) withAttributes.get("signal")).putObject("attributes").put("rule", "42");
    List<ObjectNode> events =
        List.of(
            avroForm(Fixtures.read("health-http-fail.json")),
            avroForm(Fixtures.read("posture-cert.json")),
            withAttributes);
    for (ObjectNode json : events) {
      EventKind kind = EventKind.valueOf(json.get("kind").asText());

      // When / Then
      assertThat(direct(json, kind)).as(kind.name()).isEqualTo(viaRoundTrip(json, kind));
    }
  }

  @Test
  void shouldFillDefaultsWithAFreshMapPerRecord() throws Exception {
    // Given a signal without attributes and service (both have defaults)
    ObjectNode json = signal();

    // When it is read twice
    SecuritySignal first = (SecuritySignal) direct(json, EventKind.SECURITY);
    SecuritySignal second = (SecuritySignal) direct(json, EventKind.SECURITY);

    // Then the defaults are the round trip's, and not one shared map
    assertThat(first).isEqualTo(viaRoundTrip(json, EventKind.SECURITY));
    assertThat(first.getService()).isEmpty();
    assertThat(first.getSignal().getAttributes()).isEmpty();
    assertThat(first.getSignal().getAttributes()).isNotSameAs(second.getSignal().getAttributes());
  }

  @Test
  void shouldKeepTheRoundTripsMapOrderForALargeMap() throws Exception {
    // Given 100 attributes (more than the bounds keep, so their order decides which are dropped)
    ObjectNode json = signal();
    ObjectNode attributes = ((ObjectNode) json.get("signal")).putObject("attributes");
    for (int i = 0; i < 100; i++) {
      attributes.put("k" + (i * 7919 % 1000), "v" + i);
    }

    // When
    Map<String, String> direct =
        ((SecuritySignal) direct(json, EventKind.SECURITY)).getSignal().getAttributes();
    Map<String, String> roundTrip =
        ((SecuritySignal) viaRoundTrip(json, EventKind.SECURITY)).getSignal().getAttributes();

    // Then the same entries iterate in the same order
    assertThat(new ArrayList<>(direct.entrySet()))
        .containsExactlyElementsOf(new ArrayList<>(roundTrip.entrySet()));
  }

  @Test
  void shouldTurnLoneSurrogatesIntoQuestionMarksAsTheBinaryEncodingDid() throws Exception {
    // Given lone surrogates in free text, a map key and a map value, and a valid pair
    ObjectNode json = avroForm(Fixtures.read("posture-cert.json"));
    ObjectNode finding = (ObjectNode) json.get("finding");
    finding.put("observed", "a\uD800b\uDC00c\uD83D\uDE00d\uDBFF");
    finding.putObject("details").put("k\uDC00", "\uD800v");

    // When
    PostureFinding direct = (PostureFinding) direct(json, EventKind.POSTURE);

    // Then
    assertThat(direct).isEqualTo(viaRoundTrip(json, EventKind.POSTURE));
    assertThat(direct.getFinding().getObserved()).isEqualTo("a?b?c\uD83D\uDE00d?");
    assertThat(direct.getFinding().getDetails()).containsExactly(Map.entry("k?", "?v"));
  }
}
