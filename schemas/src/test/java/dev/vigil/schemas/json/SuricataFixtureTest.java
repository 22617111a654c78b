package dev.vigil.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SignalOrigin;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A SecuritySignal built from a real Suricata EVE alert (see test resources README). */
class SuricataFixtureTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Suricata severity 1 is the most severe, 3 the least. */
  private static String severity(int suricata) {
    return suricata == 1 ? "HIGH" : suricata == 2 ? "MEDIUM" : "LOW";
  }

  private static String toSignalJson(JsonNode eve) {
    ObjectNode event = MAPPER.createObjectNode();
    event.put("event_id", "3e0f6a8c-1b2d-4e5f-8a9b-0c1d2e3f4a5b");
    event.put("kind", "security");
    event.put("site", "backup");
    event.put("service", "irc-gateway");
    event.put("source", "suricata-ctu-1");
    event.put("observed_at", eve.get("timestamp").asText());
    JsonNode alert = eve.get("alert");
    ObjectNode signal = event.putObject("signal");
    signal.put("origin", "SURICATA");
    signal.put("severity", severity(alert.get("severity").asInt()));
    signal.put("category", alert.get("category").asText());
    signal.put("signature", alert.get("signature").asText());
    signal.put("src_ip", eve.get("src_ip").asText());
    signal.put("dst_ip", eve.get("dest_ip").asText());
    signal.put("message", eve.get("payload_printable").asText());
    ObjectNode attributes = signal.putObject("attributes");
    attributes.put("signature_id", alert.get("signature_id").asText());
    attributes.put("flow_id", eve.get("flow_id").asText());
    attributes.put("proto", eve.get("proto").asText());
    return event.toString();
  }

  @Test
  void shouldParseSignalBuiltFromRealSuricataAlert() throws Exception {
    // Given the ET IRC alert from a CTU malware capture, with its +0200 offset and CRLF payload
    JsonNode eve = MAPPER.readTree(Fixtures.read("suricata-eve-alert.json"));
    String line = toSignalJson(eve);

    // When
    EventJson eventJson = new EventJson();
    SecuritySignal signal = (SecuritySignal) eventJson.parse(line, EventKind.SECURITY);

    // Then the values are those of the capture, the time converted to UTC and truncated to ms
    assertThat(signal.getObservedAt()).isEqualTo(Instant.parse("2011-08-12T12:52:57.716Z"));
    assertThat(signal.getSignal().getOrigin()).isEqualTo(SignalOrigin.SURICATA);
    assertThat(signal.getSignal().getSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(signal.getSignal().getSignature())
        .isEqualTo(
            "ET CURRENT_EVENTS SUSPICIOUS IRC - PRIVMSG *.(exe|tar|tgz|zip)  download command");
    assertThat(signal.getSignal().getCategory()).isEqualTo("Potentially Bad Traffic");
    assertThat(signal.getSignal().getSrcIp()).isEqualTo("147.32.84.165");
    assertThat(signal.getSignal().getDstIp()).isEqualTo("78.40.125.4");
    assertThat(signal.getSignal().getMessage()).isEqualTo("PRIVMSG #zarasa48 : smss.exe (368)\r\n");
    assertThat(signal.getSignal().getAttributes())
        .containsEntry("signature_id", "2017318")
        .containsEntry("flow_id", "1031464864740687");
    assertThat(MAPPER.readTree(eventJson.toJson(signal)).get("signal").get("message").asText())
        .isEqualTo("PRIVMSG #zarasa48 : smss.exe (368)\r\n");
  }
}
