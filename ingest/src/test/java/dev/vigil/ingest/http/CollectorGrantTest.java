package dev.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.avro.EventKind;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CollectorGrantTest {
  static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void shouldPermitOnlyTheBoundSitesAndKinds() {
    CollectorGrant grant = new CollectorGrant(HASH, Set.of("backup"), Set.of(EventKind.HEALTH));

    assertThat(grant.refusal("edge-b", EventKind.HEALTH, "backup")).isEmpty();
    assertThat(grant.refusal("edge-b", EventKind.HEALTH, "primary"))
        .contains("site: collector edge-b may publish for backup only");
    assertThat(grant.refusal("edge-b", EventKind.POSTURE, "backup"))
        .contains("kind: collector edge-b may publish health only");
  }

  @Test
  void shouldPermitEverythingToAnUnboundToken() {
    CollectorGrant grant = CollectorGrant.unbound(HASH);

    assertThat(grant.unboundSites()).isTrue();
    for (EventKind kind : EventKind.values()) {
      assertThat(grant.refusal("legacy", kind, "anywhere")).isEmpty();
    }
  }

  @Test
  void shouldRefuseAMalformedHashNoKindsAndAHostileSite() {
    assertThatThrownBy(() -> CollectorGrant.unbound("ABC"))
        .hasMessageContaining("64 lower-case hex digits");
    assertThatThrownBy(() -> new CollectorGrant(HASH, Set.of("backup"), Set.of()))
        .hasMessageContaining("kinds must name at least one");
    assertThatThrownBy(() -> CollectorGrant.boundTo(HASH, "back\u202Eup"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("\u202E");
  }

  @Test
  void shouldNeverPrintTheHash() {
    assertThat(CollectorGrant.boundTo(HASH, "backup").toString()).doesNotContain(HASH);
  }
}
