package dev.vigil.kafka.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.RealRegistryExtension;
import dev.vigil.platform.RegistryProcess;
import dev.vigil.schemas.registry.CompatibilityLevel;
import dev.vigil.schemas.registry.RegisteredSchema;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.schemas.registry.SchemaRegistryException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our client and serdes against Confluent's own Java client, both talking to a real Apicurio
 * Registry: same bytes, same ids, same versions, same compatibility answers.
 */
@ExtendWith(RealRegistryExtension.class)
class ConfluentClientCompatibilityIT {

  private static final Schema V2 = LoginEvent.SCHEMA$;
  private static final String V3_REQUIRED_FIELD =
      "{\"type\":\"record\",\"name\":\"LoginEvent\",\"namespace\":\"dev.vigil.kafka.serde\","
          + "\"fields\":[{\"name\":\"user\",\"type\":\"string\"},"
          + "{\"name\":\"attempts\",\"type\":\"int\"},"
          + "{\"name\":\"host\",\"type\":\"string\"}]}";

  private SchemaRegistryClient ours;
  private ConfluentSide confluent;
  private String topic;

  @BeforeEach
  void connect(RegistryProcess registry) {
    ours = SchemaRegistryClients.create(registry.url(), Map.of());
    confluent = new ConfluentSide(registry.url());
    topic = "it-" + UUID.randomUUID();
  }

  @Test
  void shouldLetConfluentClientDecodeBytesWrittenByOurSerializer() throws Exception {
    // Given
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(ours, false);

    // When
    byte[] bytes = serializer.serialize(topic, AvroSerdeTest.dave());
    Map<String, Object> decoded = confluent.readFramed(bytes);

    // Then
    int id = confluent.id(topic + "-value", AvroSerdeTest.V1.toString());
    System.out.printf("ours -> confluent: id %d, bytes %s%n", id, HexFormat.of().formatHex(bytes));
    assertThat(Arrays.copyOf(bytes, 5))
        .containsExactly(0, id >>> 24, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length))
        .containsExactly(AvroSerdeTest.DAVE_1_AVRO);
    assertThat(decoded).containsExactly(Map.entry("user", "dave"), Map.entry("attempts", 1));
    assertThat(new Schema.Parser().parse(confluent.schemaById(id))).isEqualTo(AvroSerdeTest.V1);
  }

  @Test
  void shouldDecodeBytesFramedByConfluentClientWithOurDeserializers() throws Exception {
    // Given: a v1 producer on Confluent's client
    byte[] bytes =
        confluent.writeFramed(
            topic + "-value", AvroSerdeTest.V1.toString(), Map.of("user", "erin", "attempts", 3));

    // When
    GenericRecord generic = AvroDeserializer.generic(ours).deserialize(topic, bytes);
    LoginEvent specific =
        AvroDeserializer.specific(LoginEvent.class, ours).deserialize(topic, bytes);

    // Then
    int id = WireFormat.schemaId(bytes);
    System.out.printf("confluent -> ours: id %d, bytes %s%n", id, HexFormat.of().formatHex(bytes));
    assertThat(id).isEqualTo(ours.lookup(topic + "-value", AvroSerdeTest.V1).id());
    assertThat(generic.getSchema()).isEqualTo(AvroSerdeTest.V1);
    assertThat(generic.get("user")).hasToString("erin");
    assertThat(generic.get("attempts")).isEqualTo(3);
    assertThat(specific.user()).isEqualTo("erin");
    assertThat(specific.attempts()).isEqualTo(3);
    assertThat(specific.source()).isEqualTo("unknown");
  }

  @Test
  void shouldSeeSameIdsVersionsAndCompatibilityAnswersAsConfluentClient() throws Exception {
    // Given: v1 through Confluent's client, v2 through ours, v1 again under a second subject
    String subject = topic + "-value";
    String second = topic + "-key";
    int v1Id = confluent.register(subject, AvroSerdeTest.V1.toString());
    int v2Id = ours.register(subject, V2);
    int v1IdUnderSecond = ours.register(second, AvroSerdeTest.V1);

    // When
    ConfluentSide.Meta confluentLatest = confluent.latest(subject);
    RegisteredSchema ourLatest = ours.latest(subject);
    ours.setSubjectCompatibility(subject, CompatibilityLevel.BACKWARD);
    confluent.setCompatibility(second, "FULL");

    // Then: ids and versions
    System.out.printf("shared subject: v1 id %d, v2 id %d%n", v1Id, v2Id);
    assertThat(v1IdUnderSecond).isEqualTo(v1Id);
    assertThat(confluent.id(second, AvroSerdeTest.V1.toString())).isEqualTo(v1Id);
    assertThat(ours.lookup(subject, AvroSerdeTest.V1).id()).isEqualTo(v1Id);
    assertThat(confluent.versions(subject)).isEqualTo(ours.versions(subject)).containsExactly(1, 2);
    assertThat(confluentLatest.id()).isEqualTo(ourLatest.id()).isEqualTo(v2Id);
    assertThat(confluentLatest.version()).isEqualTo(ourLatest.version()).isEqualTo(2);
    assertThat(new Schema.Parser().parse(confluent.schemaById(v2Id))).isEqualTo(ours.getById(v2Id));
    assertThat(confluent.subjects()).containsAll(ours.subjects()).contains(subject, second);

    // Then: compatibility configuration and answers
    assertThat(confluent.compatibility(subject)).isEqualTo("BACKWARD");
    assertThat(ours.subjectCompatibility(second)).contains(CompatibilityLevel.FULL);
    Schema v3 = new Schema.Parser().parse(V3_REQUIRED_FIELD);
    assertThat(confluent.testCompatibility(subject, V3_REQUIRED_FIELD)).isFalse();
    assertThat(ours.testCompatibility(subject, v3).compatible()).isFalse();
    assertThat(confluent.testCompatibility(subject, V2.toString())).isTrue();
    assertThat(ours.testCompatibility(subject, V2).compatible()).isTrue();
    assertThat(confluent.registerFailure(subject, V3_REQUIRED_FIELD))
        .isEqualTo(new ConfluentSide.Failure(409, 409));
    SchemaRegistryException ourFailure = null;
    try {
      ours.register(subject, v3);
    } catch (SchemaRegistryException e) {
      ourFailure = e;
    }
    assertThat(ourFailure).isNotNull();
    assertThat(new int[] {ourFailure.status(), ourFailure.errorCode()}).containsExactly(409, 409);
  }
}
