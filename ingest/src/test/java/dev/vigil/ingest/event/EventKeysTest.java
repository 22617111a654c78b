package dev.vigil.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.event.SampleEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventKeysTest {

  @Test
  void shouldKeySiteWideEvidenceBySiteAndASegmentsBySiteAndSegment() {
    assertThat(EventKeys.of(finding(EvidenceScope.SITE, "edge", null))).isEqualTo("primary");
    assertThat(EventKeys.of(finding(null, "", null))).isEqualTo("primary");
    assertThat(EventKeys.of(finding(EvidenceScope.SEGMENT, "", "dmz"))).isEqualTo("primary/dmz");
    assertThat(EventKeys.of(finding(null, "", "dmz"))).isEqualTo("primary/dmz");
  }

  @Test
  void shouldKeyServiceEvidenceByServiceAsBefore() {
    assertThat(EventKeys.of(finding(EvidenceScope.SERVICE, "shop", null))).isEqualTo("shop");
    assertThat(EventKeys.of(finding(null, "shop", null))).isEqualTo("shop");
  }

  private static PostureFinding finding(EvidenceScope scope, String service, String segment) {
    return SampleEvents.finding(
            service, "primary", PostureCheck.DRIFT, "c", Instant.parse("2026-03-02T08:00:00Z"))
        .setScope(scope)
        .setSegment(segment)
        .build();
  }
}
