package dev.vigil.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.FailoverPhase;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.schemas.avro.TriggerStage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** AvroJson is schema-driven: it handles the output records without per-type code. */
class AvroJsonOutputRecordsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static FailoverState state() {
    return FailoverState.newBuilder()
        .setService("payments-api")
        .setActiveSite("primary")
        .setStandbySite("backup")
        .setPhase(FailoverPhase.FAILING_OVER)
        .setStage(TriggerStage.SHIFT)
        .setStep(1)
        .setTrafficPercent(50)
        .setIncidentId("inc-42")
        .setSiteHealth(Map.of("primary", SiteHealth.DOWN, "backup", SiteHealth.UP))
        .setGates(
            List.of(
                GateResult.newBuilder()
                    .setGate(GateName.CERTIFICATE)
                    .setPassed(true)
                    .setWaived(true)
                    .setReason("waived by operator until 12:00")
                    .setEvidenceEventIds(List.of("c0a80164-0000-4000-8000-00000000beef"))
                    .build()))
        .setUpdatedAt(Instant.parse("2026-03-02T09:20:00.123456Z"))
        .setConfigVersion("cfg-7")
        .build();
  }

  @Test
  void shouldWriteAndReadFailoverStateWithMapOfEnumsAndArrayOfRecords() throws Exception {
    // Given a failover state in the middle of a SHIFT
    FailoverState state = state();

    // When it is written as JSON and read back generically
    ObjectNode json = AvroJson.toJson(state);
    GenericRecord back = AvroJson.fromJson(json, FailoverState.getClassSchema());

    // Then the JSON has the §4-style shape and the generic record the same values
    assertThat(json.get("phase").asText()).isEqualTo("FAILING_OVER");
    assertThat(json.get("stage").asText()).isEqualTo("SHIFT");
    assertThat(json.get("site_health").get("primary").asText()).isEqualTo("DOWN");
    assertThat(json.get("gates").get(0).get("gate").asText()).isEqualTo("CERTIFICATE");
    assertThat(json.get("gates").get(0).get("waived").asBoolean()).isTrue();
    assertThat(json.get("updated_at").asText())
        .as("sub-millisecond digits truncated like the Avro conversion does")
        .isEqualTo("2026-03-02T09:20:00.123Z");
    assertThat(json.has("cooldown_until")).isFalse();
    assertThat(json.get("flap_count").asInt()).isZero();
    assertThat(back.get("traffic_percent")).isEqualTo(50);
    assertThat(back.get("updated_at")).isEqualTo(1772443200123L);
    assertThat(((Map<?, ?>) back.get("site_health")).get("backup").toString()).isEqualTo("UP");
    GenericRecord gate = (GenericRecord) ((List<?>) back.get("gates")).get(0);
    assertThat(gate.get("reason")).isEqualTo("waived by operator until 12:00");
    assertThat(GenericData.get().validate(FailoverState.getClassSchema(), back)).isTrue();
  }

  @Test
  void shouldNamePathInsideArrayOfRecords() throws Exception {
    // Given a gate with an unknown gate name
    ObjectNode json = AvroJson.toJson(state());
    ((ObjectNode) json.get("gates").get(0)).put("gate", "FIREWALL");

    // When
    EventFormatException e =
        catchThrowableOfType(
            EventFormatException.class,
            () -> AvroJson.fromJson(json, FailoverState.getClassSchema()));

    // Then
    assertThat(e.getMessage())
        .isEqualTo(
            "gates[0].gate: expected one of [DRIFT, IDS_HEARTBEAT, CERTIFICATE, KEY_SYNC, INTRUSION]"
                + " but got \"FIREWALL\"");
  }

  @Test
  void shouldApplyDefaultsAndAcceptNullableEnum() throws Exception {
    // Given an operator command without expires_at and with a waived gate
    JsonNode json =
        MAPPER.readTree(
            "{\"command_id\":\"cmd-1\",\"service\":\"payments-api\",\"action\":\"WAIVE\","
                + "\"gate\":\"IDS_HEARTBEAT\",\"reason\":\"sensor maintenance\","
                + "\"operator\":\"oncall-1\",\"issued_at\":\"2026-03-02T10:00:00+01:00\"}");

    // When
    GenericRecord command = AvroJson.fromJson(json, OperatorCommand.getClassSchema());
    OperatorCommand specific = SpecificRecords.fromGeneric(command, OperatorCommand.class);

    // Then
    assertThat(specific.getAction()).isEqualTo(OperatorAction.WAIVE);
    assertThat(specific.getGate()).isEqualTo(GateName.IDS_HEARTBEAT);
    assertThat(specific.getIssuedAt()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
    assertThat(specific.getExpiresAt()).isNull();
  }

  @Test
  void shouldRefuseToWriteNullInRequiredField() {
    // Given a generic record missing a required value
    GenericData.Record broken = new GenericData.Record(OperatorCommand.getClassSchema());

    // When / Then: a programming error, not an input error
    assertThatThrownBy(() -> AvroJson.toJson(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("command_id is null but the schema does not allow it");
  }
}
