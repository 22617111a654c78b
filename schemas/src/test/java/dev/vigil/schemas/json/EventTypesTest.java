package dev.vigil.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import org.junit.jupiter.api.Test;

class EventTypesTest {
  @Test
  void shouldMapEveryKindToItsClassSchemaAndBack() {
    // Given / When / Then
    assertThat(EventTypes.classOf(EventKind.HEALTH)).isEqualTo(HealthCheckResult.class);
    assertThat(EventTypes.classOf(EventKind.SECURITY)).isEqualTo(SecuritySignal.class);
    assertThat(EventTypes.classOf(EventKind.POSTURE)).isEqualTo(PostureFinding.class);
    for (EventKind kind : EventKind.values()) {
      assertThat(EventTypes.kindOf(EventTypes.classOf(kind))).contains(kind);
      assertThat(EventTypes.schemaOf(kind).getName())
          .isEqualTo(EventTypes.classOf(kind).getSimpleName());
      assertThat(EventTypes.fromJsonName(EventTypes.jsonName(kind))).contains(kind);
    }
  }

  @Test
  void shouldLookUpSchemaOfOutputClassButNotTreatItAsEvent() {
    assertThat(EventTypes.schemaOf(Alert.class)).isEqualTo(Alert.getClassSchema());
    assertThat(EventTypes.kindOf(Alert.class)).isEmpty();
  }

  @Test
  void shouldSpellKindsLowerCaseOnly() {
    assertThat(EventTypes.jsonName(EventKind.SECURITY)).isEqualTo("security");
    assertThat(EventTypes.fromJsonName("SECURITY")).isEmpty();
    assertThat(EventTypes.fromJsonName("Security")).isEmpty();
  }
}
