package dev.vigil.kafka.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.registry.InMemorySchemaRegistry;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  static final Schema V1 =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"LoginEvent\",\"namespace\":\"dev.vigil.kafka.serde\","
                  + "\"fields\":[{\"name\":\"user\",\"type\":\"string\"},"
                  + "{\"name\":\"attempts\",\"type\":\"int\"}]}");
  static final byte[] DAVE_1_AVRO = {0x08, 'd', 'a', 'v', 'e', 0x02};

  private final String scope = "serde-" + UUID.randomUUID();
  private final SchemaRegistryClient mock =
      SchemaRegistryClients.create("mock://" + scope, Map.of());
  private final CountingRegistry registry = new CountingRegistry(mock);

  @AfterEach
  void dropScope() {
    InMemorySchemaRegistry.dropScope(scope);
  }

  static GenericRecord dave() {
    GenericRecord record = new GenericData.Record(V1);
    record.put("user", "dave");
    record.put("attempts", 1);
    return record;
  }

  @Test
  void shouldWriteMagicByteBigEndianIdThenAvroDatum() {
    // Given: six other schemas take ids 1..6
    for (int size = 1; size <= 6; size++) {
      mock.register(
          "filler-" + size,
          new Schema.Parser().parse("{\"type\":\"fixed\",\"name\":\"F\",\"size\":" + size + "}"));
    }
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry, false);

    // When
    byte[] bytes = serializer.serialize("logins", dave());

    // Then
    assertThat(bytes).containsExactly(0x00, 0x00, 0x00, 0x00, 0x07, 0x08, 'd', 'a', 'v', 'e', 0x02);
    assertThat(mock.lookup("logins-value", V1).id()).isEqualTo(7);
  }

  @Test
  void shouldRegisterUnderKeySubjectWhenSerializingKeys() {
    // When
    new AvroSerializer<GenericRecord>(registry, true).serialize("logins", dave());

    // Then
    assertThat(mock.subjects()).containsExactly("logins-key");
  }

  @Test
  void shouldKeepNullsNull() {
    // Given
    Serde<GenericRecord> serde = AvroSerdes.generic(registry, false);

    // When / Then
    assertThat(serde.serializer().serialize("logins", null)).isNull();
    assertThat(serde.deserializer().deserialize("logins", null)).isNull();
    assertThat(registry.registers.get()).isZero();
  }

  @Test
  void shouldRoundTripGenericRecordInWriterSchema() {
    // Given
    Serde<GenericRecord> serde = AvroSerdes.generic(registry, false);

    // When
    GenericRecord back =
        serde.deserializer().deserialize("logins", serde.serializer().serialize("logins", dave()));

    // Then
    assertThat(back.getSchema()).isEqualTo(V1);
    assertThat(back.get("user")).hasToString("dave");
    assertThat(back.get("attempts")).isEqualTo(1);
    assertThat(back).isEqualTo(dave());
  }

  @Test
  void shouldDecodeV1BytesIntoV2SpecificRecordWithDefaultedField() {
    // Given: a producer still on v1
    byte[] v1Bytes = new AvroSerializer<GenericRecord>(registry, false).serialize("logins", dave());

    // When
    LoginEvent event =
        AvroDeserializer.specific(LoginEvent.class, registry).deserialize("logins", v1Bytes);

    // Then
    assertThat(event.user()).isEqualTo("dave");
    assertThat(event.attempts()).isEqualTo(1);
    assertThat(event.source()).isEqualTo("unknown");
  }

  @Test
  void shouldRoundTripSpecificRecordAndRegisterItsSchema() {
    // Given
    Serde<LoginEvent> serde = AvroSerdes.specific(LoginEvent.class, registry, false);

    // When
    byte[] bytes = serde.serializer().serialize("logins", new LoginEvent("erin", 3, "vpn"));
    LoginEvent back = serde.deserializer().deserialize("logins", bytes);

    // Then
    assertThat(WireFormat.schemaId(bytes)).isEqualTo(mock.latest("logins-value").id());
    assertThat(mock.latest("logins-value").schema()).isEqualTo(LoginEvent.SCHEMA$);
    assertThat(back.user()).isEqualTo("erin");
    assertThat(back.attempts()).isEqualTo(3);
    assertThat(back.source()).isEqualTo("vpn");
  }

  @Test
  void shouldCallRegistryOncePerSchemaAndOncePerId() {
    // Given
    Serde<GenericRecord> serde = AvroSerdes.generic(registry, false);

    // When
    for (int i = 0; i < 100; i++) {
      serde.deserializer().deserialize("logins", serde.serializer().serialize("logins", dave()));
    }

    // Then
    assertThat(registry.registers.get()).isEqualTo(1);
    assertThat(registry.getByIds.get()).isEqualTo(1);
  }

  @Test
  void shouldLookUpInsteadOfRegisteringWhenAutoRegisterIsOff() {
    // Given
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry, false, false);

    // When / Then: absent schema
    assertThatThrownBy(() -> serializer.serialize("logins", dave()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("logins-value")
        .hasMessageContaining("40401")
        .hasMessageNotContaining("\"fields\"");

    // When / Then: registered by someone else
    int id = mock.register("logins-value", V1);
    assertThat(WireFormat.schemaId(serializer.serialize("logins", dave()))).isEqualTo(id);
    assertThat(registry.registers.get()).isZero();
    assertThat(registry.lookups.get()).isEqualTo(2);
  }

  @Test
  void shouldRejectEmptyAndShortInputNamingTopic() {
    // Given
    AvroDeserializer<GenericRecord> deserializer = AvroDeserializer.generic(registry);

    // When / Then
    assertThatThrownBy(() -> deserializer.deserialize("logins", new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'logins'")
        .hasMessageContaining("0 bytes");
    assertThatThrownBy(() -> deserializer.deserialize("logins", new byte[] {0, 0, 0, 7}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'logins'")
        .hasMessageContaining("4 bytes");
  }

  @Test
  void shouldRejectWrongMagicByteNamingTopic() {
    // Given
    byte[] bytes = WireFormat.frame(mock.register("logins-value", V1), DAVE_1_AVRO);
    bytes[0] = 0x01;

    // When / Then
    assertThatThrownBy(() -> AvroDeserializer.generic(registry).deserialize("logins", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'logins'")
        .hasMessageContaining("magic byte 0x01");
    assertThat(registry.getByIds.get()).isZero();
  }

  @Test
  void shouldRejectUnknownSchemaIdNamingTopicAndId() {
    // Given
    byte[] bytes = WireFormat.frame(4242, DAVE_1_AVRO);

    // When / Then
    assertThatThrownBy(() -> AvroDeserializer.generic(registry).deserialize("logins", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'logins'")
        .hasMessageContaining("unknown schema id 4242")
        .hasMessageContaining("40403");
  }

  @Test
  void shouldRejectTruncatedAndOverlongDatumsWithoutShowingThem() {
    // Given
    int id = mock.register("logins-value", V1);
    byte[] truncated = WireFormat.frame(id, Arrays.copyOf(DAVE_1_AVRO, 3));
    byte[] trailing = WireFormat.frame(id, Arrays.copyOf(DAVE_1_AVRO, DAVE_1_AVRO.length + 2));
    AvroDeserializer<GenericRecord> deserializer = AvroDeserializer.generic(registry);

    // When / Then
    assertThatThrownBy(() -> deserializer.deserialize("logins", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'logins'")
        .hasMessageContaining("schema id " + id)
        .hasMessageNotContaining("dave")
        .hasNoCause();
    assertThatThrownBy(() -> deserializer.deserialize("logins", trailing))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("trailing bytes")
        .hasMessageNotContaining("dave");
  }

  @Test
  void shouldRejectWriterSchemaThatCannotResolveToReaderClass() {
    // Given: "user" was an int in this writer schema
    Schema wrong =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"LoginEvent\",\"namespace\":\"dev.vigil.kafka.serde\","
                    + "\"fields\":[{\"name\":\"user\",\"type\":\"int\"}]}");
    byte[] bytes = WireFormat.frame(mock.register("other-value", wrong), new byte[] {0x02});

    // When / Then
    assertThatThrownBy(
            () -> AvroDeserializer.specific(LoginEvent.class, registry).deserialize("other", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'other'");
  }

  @Test
  void shouldRejectRecordsThatDoNotMatchTheirSchemaWithoutShowingValues() {
    // Given
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry, false);
    GenericRecord wrongType = dave();
    wrongType.put("attempts", "secret-42");
    GenericRecord missing = new GenericData.Record(V1);
    missing.put("attempts", 1);

    // When / Then
    assertThatThrownBy(() -> serializer.serialize("logins", wrongType))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'logins'")
        .hasMessageNotContaining("secret-42")
        .hasNoCause();
    assertThatThrownBy(() -> serializer.serialize("logins", missing))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'logins'")
        .hasMessageContaining("user")
        .hasNoCause();
  }
}
