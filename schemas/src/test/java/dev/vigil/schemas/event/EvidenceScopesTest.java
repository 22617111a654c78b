package dev.vigil.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.json.EventFormatException;
import dev.vigil.schemas.json.EventJson;
import org.junit.jupiter.api.Test;

/** Where a finding or signal applies, from its scope, segment and service fields. */
class EvidenceScopesTest {
  private static final String SIGNAL =
      "{\"event_id\":\"c0a80164-0000-4000-8000-00000000beef\",\"kind\":\"security\","
          + "\"site\":\"backup\",%s\"source\":\"suricata-1\",\"observed_at\":1772442000000,"
          + "\"signal\":{\"origin\":\"SURICATA\",\"severity\":\"HIGH\",\"category\":\"exploit\","
          + "\"signature\":\"ET EXPLOIT\",\"attributes\":{}}}";

  private final EventJson json = new EventJson();

  private SecuritySignal signal(String fields) throws EventFormatException {
    return (SecuritySignal) json.parse(SIGNAL.formatted(fields));
  }

  @Test
  void shouldInferSiteScopeWhenNoServiceIsNamed() throws Exception {
    SecuritySignal s = signal("");
    assertThat(s.getService()).isEmpty();
    assertThat(EvidenceScopes.of(s)).contains(EvidenceScope.SITE);
  }

  @Test
  void shouldInferServiceScopeForANamedServiceAndSegmentScopeForASegment() throws Exception {
    assertThat(EvidenceScopes.of(signal("\"service\":\"shop\","))).contains(EvidenceScope.SERVICE);
    assertThat(EvidenceScopes.of(signal("\"service\":\"shop\",\"segment\":\"pci\",")))
        .contains(EvidenceScope.SEGMENT);
  }

  @Test
  void shouldKeepADeclaredScopeOverTheInference() throws Exception {
    SecuritySignal s = signal("\"service\":\"edge\",\"scope\":\"SITE\",");
    assertThat(EvidenceScopes.of(s)).contains(EvidenceScope.SITE);
    assertThat(s.getService()).isEqualTo("edge");
  }

  @Test
  void shouldRejectContradictoryScopesNamingTheFieldWithoutTheValue() {
    assertThatThrownBy(() -> signal("\"scope\":\"SERVICE\","))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("service")
        .hasMessageContaining("required when scope is SERVICE");
    assertThatThrownBy(() -> signal("\"scope\":\"SEGMENT\",\"service\":\"shop\","))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("segment")
        .hasMessageContaining("required when scope is SEGMENT");
    assertThatThrownBy(() -> signal("\"segment\":\"\","))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> signal("\"scope\":\"site\","))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("scope");
  }

  @Test
  void shouldHaveNoScopeForOtherRecords() {
    assertThat(EvidenceScopes.of(new dev.vigil.schemas.avro.HealthCheckResult())).isEmpty();
    assertThat(EvidenceScopes.inconsistency(new dev.vigil.schemas.avro.HealthCheckResult()))
        .isEmpty();
  }
}
