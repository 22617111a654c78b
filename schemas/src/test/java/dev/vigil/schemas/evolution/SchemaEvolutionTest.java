package dev.vigil.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/design.md §4: schemas evolve BACKWARD-compatibly (the current schema reads released data).
 */
class SchemaEvolutionTest {

  static Stream<String> topLevelNames() {
    return SchemaSnapshots.currentTopLevel().keySet().stream();
  }

  @Test
  void shouldDiscoverTheEightTopLevelRecords() {
    // Given the .avsc files / When top-level records are discovered / Then nested types are not
    assertThat(SchemaSnapshots.currentTopLevel().keySet())
        .containsExactly(
            "Alert",
            "AuditRecord",
            "FailoverState",
            "FailoverTrigger",
            "HealthCheckResult",
            "OperatorCommand",
            "PostureFinding",
            "SecuritySignal");
  }

  @Test
  void shouldHaveReleasedSnapshotForEveryTopLevelSchema() {
    // Given every current top-level schema
    // When looking for its latest released snapshot
    List<String> missing = new ArrayList<>();
    topLevelNames()
        .filter(name -> SchemaSnapshots.latestVersion(name).isEmpty())
        .forEach(missing::add);

    // Then none is missing, so no schema skips the compatibility gate
    assertThat(missing).as("schemas without a released snapshot").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topLevelNames")
  void shouldReadDataWrittenWithLatestReleasedSchema(String name) {
    // Given the current schema and the latest released one
    Schema current = SchemaSnapshots.currentTopLevel().get(name);
    int version = SchemaSnapshots.latestVersion(name).orElseThrow();
    Schema released = SchemaSnapshots.released(version, name);

    // When checking that the current schema (reader) can read released data (writer)
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(current, released);

    // Then it is compatible
    assertThat(result.getType())
        .as("%s vs released v%d: %s", name, version, result.getResult().getIncompatibilities())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(released.getFullName()).isEqualTo(current.getFullName());
  }

  @Test
  void shouldFlagNewRequiredFieldWithoutDefaultAsIncompatible() {
    // Given a copy of HealthCheckResult with an added required field
    Schema released = SchemaSnapshots.released(1, "HealthCheckResult");
    Schema broken = withExtraField(released, new Schema.Field("region", stringSchema()));

    // When
    SchemaCompatibilityType type =
        SchemaCompatibility.checkReaderWriterCompatibility(broken, released).getType();

    // Then the gate catches it
    assertThat(type).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  @Test
  void shouldAcceptNewOptionalFieldWithDefault() {
    // Given a copy with an added nullable field defaulting to null
    Schema released = SchemaSnapshots.released(1, "HealthCheckResult");
    Schema nullableString = Schema.createUnion(Schema.create(Schema.Type.NULL), stringSchema());
    Schema evolved =
        withExtraField(
            released, new Schema.Field("region", nullableString, null, JsonProperties.NULL_VALUE));

    // When / Then: the checker is not simply always-incompatible
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(evolved, released).getType())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void shouldFlagRemovedEnumSymbolAsIncompatible() {
    // Given FailoverTrigger whose TriggerStage lost HOLD
    Schema released = SchemaSnapshots.released(1, "FailoverTrigger");
    String json = released.toString().replace("\"HOLD\",", "");
    Schema narrowed = new Schema.Parser().parse(json);

    // When / Then
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(narrowed, released).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static Schema stringSchema() {
    return Schema.create(Schema.Type.STRING);
  }

  private static Schema withExtraField(Schema record, Schema.Field extra) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : record.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(extra);
    return Schema.createRecord(
        record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}
