package dev.vigil.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

  static final Schema V1 =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Login\",\"namespace\":\"t\",\"fields\":["
                  + "{\"name\":\"user\",\"type\":\"string\"}]}");
  static final Schema V2_DEFAULTED =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Login\",\"namespace\":\"t\",\"fields\":["
                  + "{\"name\":\"user\",\"type\":\"string\"},"
                  + "{\"name\":\"source\",\"type\":\"string\",\"default\":\"unknown\"}]}");
  static final Schema V2_REQUIRED =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Login\",\"namespace\":\"t\",\"fields\":["
                  + "{\"name\":\"user\",\"type\":\"string\"},"
                  + "{\"name\":\"source\",\"type\":\"string\"}]}");
  static final Schema V3_NO_USER =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Login\",\"namespace\":\"t\",\"fields\":["
                  + "{\"name\":\"source\",\"type\":\"string\",\"default\":\"unknown\"}]}");

  private final String scope = "test-" + UUID.randomUUID();
  private final SchemaRegistryClient registry =
      SchemaRegistryClients.create("mock://" + scope, Map.of());

  @AfterEach
  void dropScope() {
    InMemorySchemaRegistry.dropScope(scope);
  }

  @Test
  void shouldReturnSameIdWhenSameSchemaRegisteredUnderTwoSubjects() {
    // Given / When
    int first = registry.register("a-value", V1);
    int second = registry.register("b-value", V1);

    // Then
    assertThat(second).isEqualTo(first).isEqualTo(1);
    assertThat(registry.lookup("b-value", V1)).isEqualTo(new RegisteredSchema("b-value", 1, 1, V1));
    assertThat(registry.subjects()).containsExactly("a-value", "b-value");
  }

  @Test
  void shouldNumberVersionsPerSubjectFromOneAndIdsGlobally() {
    // Given
    registry.register("a-value", V1);

    // When
    int id = registry.register("a-value", V2_DEFAULTED);
    int otherId = registry.register("b-value", V2_DEFAULTED);

    // Then
    assertThat(id).isEqualTo(2);
    assertThat(otherId).isEqualTo(2);
    assertThat(registry.versions("a-value")).containsExactly(1, 2);
    assertThat(registry.versions("b-value")).containsExactly(1);
    assertThat(registry.latest("a-value"))
        .isEqualTo(new RegisteredSchema("a-value", 2, 2, V2_DEFAULTED));
    assertThat(registry.version("a-value", 1).schema()).isEqualTo(V1);
    assertThat(registry.getById(2)).isEqualTo(V2_DEFAULTED);
  }

  @Test
  void shouldReturnExistingIdWhenSchemaRegisteredAgain() {
    // Given
    int id = registry.register("a-value", V1);
    registry.register("a-value", V2_DEFAULTED);

    // When
    int again = registry.register("a-value", V1);

    // Then
    assertThat(again).isEqualTo(id);
    assertThat(registry.versions("a-value")).containsExactly(1, 2);
  }

  @Test
  void shouldRejectIncompatibleSchemaUnderDefaultBackwardLevel() {
    // Given
    registry.register("a-value", V1);
    assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);

    // When / Then
    assertThatThrownBy(() -> registry.register("a-value", V2_REQUIRED))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(409);
              assertThat(e.isIncompatible()).isTrue();
              assertThat(e.getMessage()).contains("a-value").doesNotContain("\"fields\"");
            });
    assertThat(registry.versions("a-value")).containsExactly(1);
  }

  @Test
  void shouldReportIncompatibilityWithMessagesWhenTestingCompatibility() {
    // Given
    registry.register("a-value", V1);

    // When
    CompatibilityResult bad = registry.testCompatibility("a-value", V2_REQUIRED);
    CompatibilityResult good = registry.testCompatibility("a-value", V2_DEFAULTED);

    // Then
    assertThat(bad.compatible()).isFalse();
    assertThat(bad.messages())
        .singleElement()
        .asString()
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    assertThat(good).isEqualTo(new CompatibilityResult(true, java.util.List.of()));
  }

  @Test
  void shouldHonorSubjectLevelBeforeGlobalLevel() {
    // Given
    registry.register("a-value", V1);
    registry.register("b-value", V1);
    registry.setGlobalCompatibility(CompatibilityLevel.NONE);
    registry.setSubjectCompatibility("b-value", CompatibilityLevel.BACKWARD);

    // When
    int accepted = registry.register("a-value", V2_REQUIRED);

    // Then
    assertThat(accepted).isPositive();
    assertThat(registry.subjectCompatibility("a-value")).isEmpty();
    assertThat(registry.subjectCompatibility("b-value")).contains(CompatibilityLevel.BACKWARD);
    assertThatThrownBy(() -> registry.register("b-value", V2_REQUIRED))
        .isInstanceOf(SchemaRegistryException.class)
        .extracting("errorCode")
        .isEqualTo(409);
  }

  @Test
  void shouldCheckEveryVersionWhenLevelIsTransitive() {
    // Given: v1 {a:int}; v2 drops a; v3 brings a back as a defaulted string
    Schema v1 = record("{\"name\":\"a\",\"type\":\"int\"}");
    Schema v2 = record("");
    Schema v3 = record("{\"name\":\"a\",\"type\":\"string\",\"default\":\"\"}");
    registry.register("a-value", v1);
    registry.register("a-value", v2);

    // When
    CompatibilityResult latestOnly = registry.testCompatibility("a-value", v3);
    registry.setSubjectCompatibility("a-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
    CompatibilityResult transitive = registry.testCompatibility("a-value", v3);

    // Then: v3 reads v2 data, but not v1 data (int is not string)
    assertThat(latestOnly.compatible()).isTrue();
    assertThat(transitive.compatible()).isFalse();
    assertThat(transitive.messages()).singleElement().asString().contains("TYPE_MISMATCH");
  }

  private static Schema record(String fields) {
    return new Schema.Parser()
        .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
  }

  @Test
  void shouldThrowConfluentNotFoundCodes() {
    // Given
    registry.register("a-value", V1);

    // When / Then
    assertThatThrownBy(() -> registry.getById(99))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertCode(e, 40403));
    assertThatThrownBy(() -> registry.latest("nope"))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertCode(e, 40401));
    assertThatThrownBy(() -> registry.version("a-value", 2))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertCode(e, 40402));
    assertThatThrownBy(() -> registry.lookup("a-value", V2_DEFAULTED))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertCode(e, 40403));
    assertThatThrownBy(() -> registry.lookup("nope", V1))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertCode(e, 40401));
    assertThatThrownBy(() -> registry.versions("nope"))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertCode(e, 40401));
  }

  @Test
  void shouldShareOneRegistryPerScopeAndForgetItWhenDropped() {
    // Given
    registry.register("a-value", V1);
    SchemaRegistryClient sameScope = SchemaRegistryClients.create("mock://" + scope, Map.of());
    SchemaRegistryClient otherScope =
        SchemaRegistryClients.create("mock://" + scope + "-other", Map.of());

    // When
    InMemorySchemaRegistry.dropScope(scope);
    SchemaRegistryClient afterDrop = SchemaRegistryClients.create("mock://" + scope, Map.of());

    // Then
    assertThat(sameScope.subjects()).containsExactly("a-value");
    assertThat(otherScope.subjects()).isEmpty();
    assertThat(afterDrop.subjects()).isEmpty();
    InMemorySchemaRegistry.dropScope(scope + "-other");
  }

  private static void assertCode(SchemaRegistryException e, int code) {
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(e.isNotFound()).isTrue();
  }
}
