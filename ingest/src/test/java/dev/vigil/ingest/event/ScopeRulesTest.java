package dev.vigil.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.avro.EvidenceScope;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScopeRulesTest {

  @Test
  void shouldReadTheConfigNamesOfTheScopes() {
    assertThat(ScopeRules.fromConfig("site")).isEqualTo(EvidenceScope.SITE);
    assertThat(ScopeRules.fromConfig("Segment")).isEqualTo(EvidenceScope.SEGMENT);
    assertThat(ScopeRules.fromConfig("service")).isEqualTo(EvidenceScope.SERVICE);
    assertThatThrownBy(() -> ScopeRules.fromConfig("zone"))
        .hasMessage("scope must be one of site, segment, service but was 'zone'");
  }

  @Test
  void shouldRequireAServiceOnlyForServiceScopeAndASegmentExactlyForSegmentScope() {
    ScopeRules.check(EvidenceScope.SITE, Optional.empty(), "");
    ScopeRules.check(EvidenceScope.SITE, Optional.empty(), "edge");
    ScopeRules.check(EvidenceScope.SEGMENT, Optional.of("dmz"), "");
    ScopeRules.check(EvidenceScope.SERVICE, Optional.empty(), "shop");
    assertThatThrownBy(() -> ScopeRules.check(EvidenceScope.SERVICE, Optional.empty(), ""))
        .hasMessage("service must be set when scope is service");
    assertThatThrownBy(() -> ScopeRules.check(EvidenceScope.SEGMENT, Optional.empty(), ""))
        .hasMessage("segment must be set when scope is segment");
    assertThatThrownBy(() -> ScopeRules.check(EvidenceScope.SITE, Optional.of("dmz"), ""))
        .hasMessage("segment is only allowed with scope: segment (scope is site)");
    assertThatThrownBy(() -> ScopeRules.check(EvidenceScope.SEGMENT, Optional.of("a b"), ""))
        .hasMessage("segment: contains white space");
  }
}
