package dev.vigil.streams.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.SampleEvents;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.redaction.RedactionHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export topology: routing by class, headers, and the fail-closed quarantine. */
class OcsfTopologyTest {
  private static final String SCOPE = "ocsf-topology-test";

  @TempDir java.nio.file.Path stateDir;

  private SchemaRegistryClient registry;
  private TopologyTestDriver driver;
  private TestOutputTopic<String, String> findings;
  private TestOutputTopic<String, String> activity;
  private TestOutputTopic<String, byte[]> quarantine;

  @BeforeEach
  void start() {
    registry = SchemaRegistryClients.create("mock://" + SCOPE, Map.of());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ocsf-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    driver =
        new TopologyTestDriver(
            OcsfTopology.build(OcsfFixtures.MAPPER, registry, OcsfMetrics.NONE), props);
    findings =
        driver.createOutputTopic(
            Topics.OCSF_FINDINGS.name(), new StringDeserializer(), new StringDeserializer());
    activity =
        driver.createOutputTopic(
            Topics.OCSF_ACTIVITY.name(), new StringDeserializer(), new StringDeserializer());
    quarantine =
        driver.createOutputTopic(
            Topics.QUARANTINE.name(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldNameEveryNodeAndReadNoRawTopic() {
    TopologyDescription description =
        OcsfTopology.build(OcsfFixtures.MAPPER, registry, OcsfMetrics.NONE).describe();
    List<String> names =
        description.subtopologies().stream()
            .flatMap(s -> s.nodes().stream())
            .map(TopologyDescription.Node::name)
            .toList();
    assertThat(names)
        .allMatch(n -> n.startsWith("ocsf-"))
        .contains(
            "ocsf-source-security",
            "ocsf-map-failover-triggers",
            "ocsf-sink-findings",
            "ocsf-sink-activity",
            "ocsf-sink-quarantine");
    assertThat(description.toString()).doesNotContain(".raw.");
  }

  @Test
  void shouldWriteARedactedSignalAsOneValidFindingKeyedByServiceWithTheClassHeader() {
    // Given a redacted signal with the redactor's headers
    SecuritySignal redacted = (SecuritySignal) OcsfFixtures.redact(OcsfFixtures.plantedSignal(1));
    RecordHeaders headers = new RecordHeaders();
    RedactionHeaders.put(headers, RedactionHeaders.RULESET_ID, "vigil-default");
    RedactionHeaders.put(headers, RedactionHeaders.RULESET_VERSION, "3");
    RedactionHeaders.put(
        headers, "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    // When it arrives on the redacted topic
    input(Topics.SECURITY)
        .pipeInput(
            new TestRecord<>("payments", bytes(Topics.SECURITY, redacted), headers, Instant.EPOCH));
    // Then one valid finding is on the findings topic
    TestRecord<String, String> out = findings.readRecord();
    assertThat(out.key()).isEqualTo("payments");
    assertThat(OcsfValidator.shared().validate(out.value())).isEmpty();
    assertThat(out.value())
        .contains("\"vigil.ruleset.version\",\"value\":\"3\"")
        .doesNotContain(OcsfFixtures.PLANTED);
    assertThat(header(out, ExportProcessor.CLASS_UID_HEADER)).isEqualTo("2004");
    assertThat(header(out, "traceparent")).startsWith("00-0af7");
    assertThat(out.headers().lastHeader(RedactionHeaders.CONTENT_SHA256)).isNull();
    assertThat(findings.isEmpty()).isTrue();
    assertThat(activity.isEmpty()).isTrue();
    assertThat(quarantine.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepOpenPostureViolationsInTheStoreAndReportOnlyChanges() {
    // Given a drift violation, the same again, then the control passing twice
    for (FindingStatus status :
        List.of(
            FindingStatus.VIOLATION, FindingStatus.VIOLATION, FindingStatus.OK, FindingStatus.OK)) {
      RecordHeaders headers = new RecordHeaders();
      RedactionHeaders.put(headers, RedactionHeaders.RULESET_ID, "vigil-default");
      RedactionHeaders.put(headers, RedactionHeaders.RULESET_VERSION, "1");
      input(Topics.POSTURE)
          .pipeInput(
              new TestRecord<>(
                  "payments", bytes(Topics.POSTURE, drift(status)), headers, Instant.EPOCH));
    }
    // Then the finding was created once and closed once, and nothing stays open
    List<String> out = findings.readValuesToList();
    assertThat(out).hasSize(2);
    assertThat(out.get(0)).contains("\"activity_name\":\"Create\"");
    assertThat(out.get(1)).contains("\"activity_name\":\"Close\"");
    out.forEach(json -> assertThat(OcsfValidator.shared().validate(json)).isEmpty());
    KeyValueStore<String, String> store = driver.getKeyValueStore(OcsfTopology.POSTURE_STORE);
    assertThat(store.approximateNumEntries()).isZero();
  }

  @Test
  void shouldRouteAuditedCommandsToTheActivityTopicAndSkipOtherAuditEntries() {
    input(Topics.AUDIT)
        .pipeInput(
            "failover",
            bytes(
                Topics.AUDIT,
                audit(
                    "command",
                    Map.of(
                        "command",
                        "ABORT",
                        "command_id",
                        "c-9",
                        "outcome",
                        "applied: inc-1 aborted"))));
    input(Topics.AUDIT)
        .pipeInput(
            "failover",
            bytes(
                Topics.AUDIT,
                audit(
                    "transition", Map.of("incident_id", "inc-1", "to", "STEADY", "reason", "x"))));
    TestRecord<String, String> out = activity.readRecord();
    assertThat(OcsfValidator.shared().validate(out.value())).isEmpty();
    assertThat(header(out, ExportProcessor.CLASS_UID_HEADER)).isEqualTo("3004");
    assertThat(activity.isEmpty()).isTrue();
    assertThat(findings.isEmpty()).isTrue();
    assertThat(quarantine.isEmpty()).isTrue();
  }

  @Test
  void shouldQuarantineUndecodableAndUnredactedRecordsAsTheyArrivedWithErrorHeaders() {
    // Given bytes that are no Avro and a signal without the redactor's headers
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    byte[] unredacted = bytes(Topics.SECURITY, OcsfFixtures.plantedSignal(2));
    input(Topics.POSTURE).pipeInput("payments", garbage);
    input(Topics.SECURITY).pipeInput("payments", unredacted);
    // Then neither is exported; both are quarantined unchanged with stage and source
    assertThat(findings.isEmpty()).isTrue();
    List<TestRecord<String, byte[]>> q = quarantine.readRecordsToList();
    assertThat(q).hasSize(2);
    assertThat(q.get(0).value()).isEqualTo(garbage);
    assertThat(header(q.get(0), RedactionHeaders.ERROR_STAGE)).isEqualTo("ocsf-decode");
    assertThat(header(q.get(0), RedactionHeaders.SOURCE_TOPIC)).isEqualTo(Topics.POSTURE.name());
    assertThat(header(q.get(0), RedactionHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(q.get(1).value()).isEqualTo(unredacted);
    assertThat(header(q.get(1), RedactionHeaders.ERROR_STAGE)).isEqualTo("ocsf-provenance");
    assertThat(header(q.get(1), RedactionHeaders.ERROR_CLASS)).isEqualTo("NotRedacted");
    assertThat(header(q.get(1), RedactionHeaders.ERROR_REASON))
        .doesNotContain(OcsfFixtures.PLANTED);
  }

  private TestInputTopic<String, byte[]> input(Topic<?> topic) {
    return driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private byte[] bytes(Topic<?> topic, Object value) {
    return ((org.apache.kafka.common.serialization.Serializer)
            TopicSerdes.value(topic, registry).serializer())
        .serialize(topic.name(), value);
  }

  private static String header(TestRecord<String, ?> record, String name) {
    return RedactionHeaders.get(record.headers(), name);
  }

  private static PostureFinding drift(FindingStatus status) {
    return SampleEvents.posture(
            "payments",
            "dr",
            "posture-1",
            Instant.parse("2026-11-27T03:00:00Z"),
            Finding.newBuilder()
                .setCheck(PostureCheck.DRIFT)
                .setStatus(status)
                .setSeverity(Severity.HIGH)
                .setControlId("ssh-root-login")
                .setExpected("sha256:aa")
                .setObserved(status == FindingStatus.OK ? "sha256:aa" : "sha256:bb")
                .build())
        .build();
  }

  private static AuditRecord audit(String action, Map<String, String> details) {
    return AuditRecord.newBuilder()
        .setSeq(1)
        .setRecordId("aud-" + action)
        .setOccurredAt(Instant.parse("2026-11-27T03:00:00Z"))
        .setActor("ops-oncall")
        .setAction(action)
        .setSubject("payments")
        .setDetails(details)
        .setPrevHash("0".repeat(64))
        .setHash("1".repeat(64))
        .setChain("failover")
        .build();
  }
}
