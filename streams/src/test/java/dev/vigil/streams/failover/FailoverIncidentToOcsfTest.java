package dev.vigil.streams.failover;

import static dev.vigil.streams.failover.Harness.DR;
import static dev.vigil.streams.failover.Harness.PRIMARY;
import static dev.vigil.streams.failover.Harness.SVC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.failover.topology.FailoverTopology;
import dev.vigil.streams.ocsf.Exported;
import dev.vigil.streams.ocsf.OcsfFixtures;
import dev.vigil.streams.ocsf.OcsfValidator;
import dev.vigil.streams.ocsf.Provenance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover incident with a block, a waiver, a hold and completion, run by the real correlator
 * topology (TopologyTestDriver), then every trigger and audit entry it wrote mapped to OCSF: one
 * valid Incident Finding per stage, linked by the incident id, and valid Entity Management events
 * for the operator's commands, with no planted PII anywhere.
 */
class FailoverIncidentToOcsfTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPERATOR = "ops-oncall";

  @TempDir java.nio.file.Path stateDir;

  private final Harness h = Harness.standard();
  private final List<FailoverTrigger> triggers = new ArrayList<>();
  private final List<AuditRecord> audit = new ArrayList<>();
  private SchemaRegistryClient registry;
  private TopologyTestDriver driver;
  private DriverInputs inputs;
  private TestOutputTopic<String, FailoverTrigger> triggerOut;
  private TestOutputTopic<String, AuditRecord> auditOut;
  private int commands;

  @BeforeEach
  void start() {
    registry = SchemaRegistryClients.create("mock://failover-ocsf-test", Map.of());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "failover-ocsf-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    driver =
        new TopologyTestDriver(
            FailoverTopology.build(h.engine, registry, Duration.ofSeconds(1), FailoverMetrics.NONE),
            props,
            Harness.T0);
    inputs = new DriverInputs(driver, registry);
    triggerOut =
        driver.createOutputTopic(
            Topics.FAILOVER_TRIGGERS.name(),
            new StringDeserializer(),
            TopicSerdes.value(Topics.FAILOVER_TRIGGERS, registry).deserializer());
    auditOut =
        driver.createOutputTopic(
            Topics.AUDIT.name(),
            new StringDeserializer(),
            TopicSerdes.value(Topics.AUDIT, registry).deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldExportEveryStageOfABlockedWaivedHeldAndCompletedFailoverAsValidLinkedIncidents()
      throws Exception {
    // Given a steady service and a (redacted, PII-planted) intrusion on the failover target
    steady();
    send(intrusionOnDr());
    // When the primary fails: blocked by the intrusion gate
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));
    // and the operator waives the gate for 20 minutes: the failover starts
    send(command(OperatorAction.WAIVE, GateName.INTRUSION, h.now.plus(Duration.ofMinutes(20))));
    advance(Duration.ofSeconds(40));
    // and dr degrades mid-way (HOLD), recovers, and the failover completes
    h.script(DR, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));
    h.script(DR, CheckStatus.PASS);
    advance(Duration.ofMinutes(5));
    assertThat(triggers)
        .extracting(t -> t.getStage().name())
        .containsSubsequence("BLOCKED", "PREPARE", "SHIFT", "HOLD", "SHIFT", "COMPLETE");

    // Then every trigger is one valid Incident Finding of the same incident
    String incident = triggers.get(0).getIncidentId();
    List<JsonNode> incidents = new ArrayList<>();
    for (FailoverTrigger t : triggers) {
      JsonNode e =
          valid(OcsfFixtures.export(SVC, t, Provenance.of(Topics.FAILOVER_TRIGGERS.name())));
      assertThat(e.get("class_uid").asInt()).isEqualTo(2005);
      assertThat(e.at("/finding_info_list/0/uid").asText()).isEqualTo(incident);
      assertThat(e.at("/metadata/correlation_uid").asText()).isEqualTo(incident);
      assertThat(e.at("/metadata/uid").asText()).isEqualTo(t.getTriggerId());
      assertThat(e.at("/unmapped/stage").asText()).isEqualTo(t.getStage().name());
      incidents.add(e);
    }
    assertThat(incidents).extracting(e -> e.at("/metadata/uid").asText()).doesNotHaveDuplicates();
    assertThat(byStage(incidents, "BLOCKED").get("status").asText()).isEqualTo("On Hold");
    JsonNode prepare = byStage(incidents, "PREPARE");
    assertThat(prepare.get("activity_name").asText()).isEqualTo("Create");
    assertThat(prepare.get("status").asText()).isEqualTo("New");
    assertThat(prepare.at("/unmapped/gates").findValuesAsText("gate")).contains("INTRUSION");
    assertThat(prepare.at("/unmapped/gates"))
        .filteredOn(g -> g.get("gate").asText().equals("INTRUSION"))
        .singleElement()
        .satisfies(g -> assertThat(g.get("waived").asBoolean()).isTrue());
    assertThat(byStage(incidents, "HOLD").get("status_id").asInt()).isEqualTo(3);
    JsonNode complete = byStage(incidents, "COMPLETE");
    assertThat(complete.get("activity_name").asText()).isEqualTo("Close");
    assertThat(complete.get("status").asText()).isEqualTo("Resolved");
    assertThat(complete.get("type_uid").asLong()).isEqualTo(200503);

    // And the audit trail's commands are valid Entity Management events; other entries are skipped
    List<JsonNode> activity = new ArrayList<>();
    for (AuditRecord a : audit) {
      Exported out = OcsfFixtures.export("failover", a, Provenance.of(Topics.AUDIT.name()));
      assertThat(out).isNotInstanceOf(Exported.Rejected.class);
      if (out instanceof Exported.Event) {
        activity.add(valid(out));
      }
    }
    assertThat(activity)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("class_uid").asInt()).isEqualTo(3004);
              assertThat(e.get("activity_name").asText()).isEqualTo("Suspend");
              assertThat(e.get("status").asText()).isEqualTo("Success");
              assertThat(e.at("/actor/user/name").asText()).isEqualTo(OPERATOR);
              assertThat(e.at("/entity/data/gate").asText()).isEqualTo("INTRUSION");
            });
    // And no record carries a planted value
    for (JsonNode e : incidents) {
      assertThat(e.toString()).doesNotContain(OcsfFixtures.PLANTED);
    }
    for (JsonNode e : activity) {
      assertThat(e.toString()).doesNotContain(OcsfFixtures.PLANTED);
    }
  }

  private static JsonNode byStage(List<JsonNode> incidents, String stage) {
    return incidents.stream()
        .filter(e -> e.at("/unmapped/stage").asText().equals(stage))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode valid(Exported out) throws Exception {
    assertThat(out).isInstanceOf(Exported.Event.class);
    String json = ((Exported.Event) out).json();
    assertThat(OcsfValidator.shared().validate(json)).as(json).isEmpty();
    return JSON.readTree(json);
  }

  /** A critical intrusion on dr with planted PII, as the redactor writes it. */
  private SecuritySignal intrusionOnDr() {
    SecuritySignal raw = OcsfFixtures.plantedSignal(9);
    raw.setSite(DR);
    raw.setObservedAt(h.now);
    raw.getSignal().setSeverity(Severity.CRITICAL);
    return (SecuritySignal) OcsfFixtures.redact(raw);
  }

  private OperatorCommand command(OperatorAction action, GateName gate, Instant expiresAt) {
    return OperatorCommand.newBuilder()
        .setCommandId("cmd-ocsf-" + ++commands)
        .setService(SVC)
        .setAction(action)
        .setGate(gate)
        .setReason("bridge call: accept the intrusion risk on dr")
        .setOperator(OPERATOR)
        .setIssuedAt(h.now)
        .setExpiresAt(expiresAt)
        .build();
  }

  private void steady() {
    h.script(PRIMARY, CheckStatus.PASS);
    h.script(DR, CheckStatus.PASS);
    h.heartbeats.put(PRIMARY, true);
    h.heartbeats.put(DR, true);
    for (String site : List.of(PRIMARY, DR)) {
      h.goodPosture(site).forEach(this::send);
    }
    advance(Duration.ofSeconds(20));
  }

  /** 10 s steps: the wall clock moves (punctuation runs), then one round of probes/heartbeats. */
  private void advance(Duration d) {
    Instant end = h.now.plus(d);
    while (h.now.isBefore(end)) {
      h.now = h.now.plusSeconds(10);
      driver.advanceWallClockTime(Duration.ofSeconds(10));
      h.roundEvents().forEach(this::send);
    }
  }

  private void send(SpecificRecord event) {
    inputs.pipe(event, h.now);
    triggerOut.readValuesToList().forEach(triggers::add);
    auditOut.readValuesToList().forEach(audit::add);
  }
}
