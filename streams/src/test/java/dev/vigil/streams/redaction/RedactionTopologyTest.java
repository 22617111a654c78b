package dev.vigil.streams.redaction;

import static dev.vigil.streams.redaction.Fixtures.PLANTED_CARD;
import static dev.vigil.streams.redaction.Fixtures.PLANTED_EMAIL;
import static dev.vigil.streams.redaction.Fixtures.PLANTED_IP;
import static dev.vigil.streams.redaction.Fixtures.PLANTED_USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.serde.AvroDeserializer;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.redactionrules.RedactionMetrics;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.json.EventJson;
import dev.vigil.schemas.registry.InMemorySchemaRegistry;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import java.util.ArrayList;
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
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedactionTopologyTest {
  private static final String SCOPE = "redaction-topology-test";

  private SchemaRegistryClient registry;
  private RuleSetHolder holder;
  private final List<String> quarantineStages = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> securityRaw;
  private TestInputTopic<String, String> rules;
  private TestOutputTopic<String, byte[]> security;
  private TestOutputTopic<String, byte[]> quarantine;
  private AvroSerializer<SecuritySignal> producer;

  @BeforeEach
  void start() {
    registry = SchemaRegistryClients.create("mock://" + SCOPE, Map.of());
    Fixtures.registerRedactedSubjects(registry);
    holder = new RuleSetHolder("vigil-default", Fixtures.KEYS, RedactionMetrics.NONE);
    holder.offer("default", Fixtures.defaultRules(1));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "redaction-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver =
        new TopologyTestDriver(
            RedactionTopology.build(
                holder, registry, (topic, stage) -> quarantineStages.add(topic + ":" + stage)),
            props);
    securityRaw =
        driver.createInputTopic(
            Topics.SECURITY_RAW.name(), new StringSerializer(), new ByteArraySerializer());
    rules =
        driver.createInputTopic(
            Topics.RULES.name(), new StringSerializer(), new StringSerializer());
    security =
        driver.createOutputTopic(
            Topics.SECURITY.name(), new StringDeserializer(), new ByteArrayDeserializer());
    quarantine =
        driver.createOutputTopic(
            Topics.QUARANTINE.name(), new StringDeserializer(), new ByteArrayDeserializer());
    producer = new AvroSerializer<>(registry, false);
  }

  @AfterEach
  void stop() {
    driver.close();
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void shouldRedactPlantedPiiAndStampRuleSetHeaders() {
    // Given a raw signal with a user, an IP, an email and a card number
    securityRaw.pipeInput(
        "payments", producer.serialize(Topics.SECURITY_RAW.name(), Fixtures.signal(1)));
    // When it is redacted
    TestRecord<String, byte[]> out = security.readRecord();
    // Then no planted value is left, the envelope is kept, and headers name the rules and hash
    SecuritySignal redacted = decode(out.value());
    String json = new EventJson().toJson(redacted);
    assertThat(json)
        .doesNotContain(PLANTED_EMAIL, PLANTED_IP, PLANTED_CARD, "\"" + PLANTED_USER + "\"");
    assertThat(redacted.getEventId()).isEqualTo(Fixtures.signal(1).getEventId());
    assertThat(redacted.getSignal().getSignature()).isEqualTo("ET POLICY login attempt 1");
    assertThat(header(out, RedactionHeaders.RULESET_ID)).isEqualTo("vigil-default");
    assertThat(header(out, RedactionHeaders.RULESET_VERSION)).isEqualTo("1");
    assertThat(header(out, RedactionHeaders.CONTENT_SHA256)).matches("[0-9a-f]{64}");
    assertThat(out.key()).isEqualTo("payments");
    assertThat(quarantine.isEmpty()).isTrue();
  }

  @Test
  void shouldWriteTheBytesTheContentHashCoversAsTheSerializerWouldFrameThem() throws Exception {
    // Given a raw signal
    securityRaw.pipeInput(
        "payments", producer.serialize(Topics.SECURITY_RAW.name(), Fixtures.signal(1)));
    // When it is redacted (the engine's encoding is framed, not encoded a second time)
    TestRecord<String, byte[]> out = security.readRecord();
    // Then the value is what the serializer writes for the decoded record, and the hash header is
    // the SHA-256 of exactly its payload after the 5-byte header
    SecuritySignal redacted = decode(out.value());
    assertThat(out.value())
        .isEqualTo(
            new AvroSerializer<SecuritySignal>(registry, false, false)
                .serialize(Topics.SECURITY.name(), redacted));
    byte[] payload = java.util.Arrays.copyOfRange(out.value(), 5, out.value().length);
    assertThat(header(out, RedactionHeaders.CONTENT_SHA256))
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(payload)));
  }

  @Test
  void shouldGiveEqualPseudonymsForEqualInputs() {
    securityRaw.pipeInput(
        "payments", producer.serialize(Topics.SECURITY_RAW.name(), Fixtures.signal(1)));
    securityRaw.pipeInput(
        "payments", producer.serialize(Topics.SECURITY_RAW.name(), Fixtures.signal(2)));
    SecuritySignal a = decode(security.readValue());
    SecuritySignal b = decode(security.readValue());
    assertThat(a.getSignal().getUser())
        .isEqualTo(b.getSignal().getUser())
        .isNotEqualTo(PLANTED_USER);
    assertThat(a.getSignal().getSrcIp())
        .isEqualTo(b.getSignal().getSrcIp())
        .isNotEqualTo(PLANTED_IP);
  }

  @Test
  void shouldQuarantineUndecodableBytesWithErrorHeadersAndTheOriginalValue() {
    // Given bytes that are not Confluent-framed Avro
    byte[] garbage = "{\"user\":\"alice\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes());
    securityRaw.pipeInput(new TestRecord<>("payments", garbage, headers));
    // Then it is on the quarantine, as it arrived, with where and why, and nothing is redacted
    TestRecord<String, byte[]> q = quarantine.readRecord();
    assertThat(q.value()).isEqualTo(garbage);
    assertThat(header(q, RedactionHeaders.ERROR_STAGE)).isEqualTo("decode");
    assertThat(header(q, RedactionHeaders.ERROR_CLASS)).endsWith("SerializationException");
    assertThat(header(q, RedactionHeaders.SOURCE_TOPIC)).isEqualTo(Topics.SECURITY_RAW.name());
    assertThat(header(q, RedactionHeaders.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(header(q, RedactionHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(header(q, RedactionHeaders.RULESET_VERSION)).isEqualTo("1");
    assertThat(header(q, "traceparent")).startsWith("00-0af7651916cd43dd");
    assertThat(header(q, RedactionHeaders.ERROR_REASON)).doesNotContain("alice");
    assertThat(security.isEmpty()).isTrue();
    assertThat(quarantineStages).containsExactly(Topics.SECURITY_RAW.name() + ":decode");
  }

  @Test
  void shouldQuarantineEverythingWhenNoRuleSetIsInForce() {
    // Given a holder that never accepted a rule set
    driver.close();
    holder = new RuleSetHolder("vigil-default", Fixtures.KEYS, RedactionMetrics.NONE);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "redaction-test-2");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(RedactionTopology.build(holder, registry, (t, s) -> {}), props);
    var in =
        driver.createInputTopic(
            Topics.SECURITY_RAW.name(), new StringSerializer(), new ByteArraySerializer());
    var q =
        driver.createOutputTopic(
            Topics.QUARANTINE.name(), new StringDeserializer(), new ByteArrayDeserializer());
    var out =
        driver.createOutputTopic(
            Topics.SECURITY.name(), new StringDeserializer(), new ByteArrayDeserializer());
    // When a valid event arrives
    in.pipeInput("payments", producer.serialize(Topics.SECURITY_RAW.name(), Fixtures.signal(1)));
    // Then it is quarantined (fail closed), never passed through
    assertThat(header(q.readRecord(), RedactionHeaders.ERROR_STAGE)).isEqualTo("rules");
    assertThat(out.isEmpty()).isTrue();
  }

  @Test
  void shouldSwitchToANewerRuleVersionFromTheRulesTopicAndIgnoreOlderOrInvalidOnes() {
    // When version 2 is published, then an older and a broken one
    rules.pipeInput("vigil-default", Fixtures.defaultRules(2));
    rules.pipeInput("vigil-default", Fixtures.defaultRules(1));
    rules.pipeInput("vigil-default", "ruleset: vigil-default\nversion: 3\nbogus_key: 1\n");
    securityRaw.pipeInput(
        "payments", producer.serialize(Topics.SECURITY_RAW.name(), Fixtures.signal(1)));
    // Then the record is redacted under version 2
    assertThat(holder.version()).isEqualTo(2);
    assertThat(header(security.readRecord(), RedactionHeaders.RULESET_VERSION)).isEqualTo("2");
  }

  private SecuritySignal decode(byte[] bytes) {
    return AvroDeserializer.specific(SecuritySignal.class, registry)
        .deserialize(Topics.SECURITY.name(), bytes);
  }

  private static String header(TestRecord<String, byte[]> record, String key) {
    return RedactionHeaders.get(record.headers(), key);
  }
}
