package dev.vigil.kafka.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.kafka.RealRegistryExtension;
import dev.vigil.platform.RegistryProcess;
import dev.vigil.schemas.registry.CompatibilityLevel;
import dev.vigil.schemas.registry.CompatibilityResult;
import dev.vigil.schemas.registry.RegisteredSchema;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.schemas.registry.SchemaRegistryException;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every client method of the schemas module's registry client against a real Apicurio Registry
 * 2.6.13 (ccompat v7), started by {@link RealRegistryExtension}; it lives beside the serdes'
 * registry IT.
 */
@ExtendWith(RealRegistryExtension.class)
class HttpSchemaRegistryClientIT {
  private static final Schema V1 =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Login\",\"namespace\":\"t\",\"fields\":["
                  + "{\"name\":\"user\",\"type\":\"string\"}]}");
  private static final Schema V2_DEFAULTED =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Login\",\"namespace\":\"t\",\"fields\":["
                  + "{\"name\":\"user\",\"type\":\"string\"},"
                  + "{\"name\":\"source\",\"type\":\"string\",\"default\":\"unknown\"}]}");
  private static final Schema V2_REQUIRED =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Login\",\"namespace\":\"t\",\"fields\":["
                  + "{\"name\":\"user\",\"type\":\"string\"},"
                  + "{\"name\":\"source\",\"type\":\"string\"}]}");

  private SchemaRegistryClient client;
  private String subject;

  @BeforeEach
  void connect(RegistryProcess registry) {
    client = SchemaRegistryClients.create(registry.url(), Map.of());
    subject = "it-" + UUID.randomUUID() + "-value";
  }

  @Test
  void shouldRegisterLookUpAndFetchSchemasByIdVersionAndLatest() {
    // Given
    int id = client.register(subject, V1);
    String other = subject.replace("-value", "-key");

    // When
    int again = client.register(subject, V1);
    int underOtherSubject = client.register(other, V1);
    int v2 = client.register(subject, V2_DEFAULTED);

    // Then
    assertThat(again).isEqualTo(id);
    assertThat(underOtherSubject).isEqualTo(id);
    assertThat(v2).isNotEqualTo(id);
    assertThat(client.lookup(subject, V1)).isEqualTo(new RegisteredSchema(subject, 1, id, V1));
    assertThat(client.getById(v2)).isEqualTo(V2_DEFAULTED);
    assertThat(client.version(subject, 1)).isEqualTo(new RegisteredSchema(subject, 1, id, V1));
    assertThat(client.latest(subject))
        .isEqualTo(new RegisteredSchema(subject, 2, v2, V2_DEFAULTED));
    assertThat(client.versions(subject)).containsExactly(1, 2);
    assertThat(client.versions(other)).containsExactly(1);
    assertThat(client.subjects()).contains(subject, other);
  }

  @Test
  void shouldMapApicurioNotFoundAnswersToConfluentCodes() {
    // Given
    client.register(subject, V1);

    // When / Then
    assertThatThrownBy(() -> client.lookup(subject, V2_DEFAULTED))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertNotFound(e, 40403));
    assertThatThrownBy(() -> client.lookup("it-missing-" + UUID.randomUUID(), V1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
    assertThatThrownBy(() -> client.latest("it-missing-" + UUID.randomUUID()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertNotFound(e, 40401));
    assertThatThrownBy(() -> client.version(subject, 9))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertNotFound(e, 40402));
    assertThatThrownBy(() -> client.getById(987_654))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertNotFound(e, 40403));
  }

  @Test
  void shouldRejectIncompatibleRegistrationUnderSubjectLevelBackward() {
    // Given
    client.register(subject, V1);
    client.setSubjectCompatibility(subject, CompatibilityLevel.BACKWARD);

    // When
    CompatibilityResult bad = client.testCompatibility(subject, V2_REQUIRED);
    CompatibilityResult good = client.testCompatibility(subject, V2_DEFAULTED);

    // Then
    assertThat(client.subjectCompatibility(subject)).contains(CompatibilityLevel.BACKWARD);
    assertThat(bad.compatible()).isFalse();
    assertThat(good.compatible()).isTrue();
    assertThatThrownBy(() -> client.register(subject, V2_REQUIRED))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.isIncompatible()).isTrue();
              assertThat(e.getMessage()).doesNotContain("\"fields\"");
            });
    assertThat(client.versions(subject)).containsExactly(1);
  }

  @Test
  void shouldReportApicurioSubjectConfigQuirks() {
    // Given: a subject without a subject-level config
    client.register(subject, V1);

    // When
    var unset = client.subjectCompatibility(subject);
    var unknown = client.subjectCompatibility("it-missing-" + UUID.randomUUID());

    // Then: Apicurio says 200 NONE where Confluent says 404 40408; 40401 for unknown subjects
    assertThat(unset).contains(CompatibilityLevel.NONE);
    assertThat(unknown).isEmpty();
  }

  @Test
  void shouldReadAndWriteGlobalCompatibility() {
    // Given
    CompatibilityLevel before = client.globalCompatibility();

    // When
    client.setGlobalCompatibility(CompatibilityLevel.FULL_TRANSITIVE);
    CompatibilityLevel after = client.globalCompatibility();
    client.setGlobalCompatibility(before);

    // Then
    assertThat(before).isEqualTo(CompatibilityLevel.NONE);
    assertThat(after).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(client.globalCompatibility()).isEqualTo(before);
  }

  private static void assertNotFound(SchemaRegistryException e, int code) {
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.errorCode()).isEqualTo(code);
  }
}
