package dev.vigil.ingest.posture;

import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.PostureFinding;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** Wraps a finding in the §4 envelope. Each check run is its own event: the id is random. */
public final class PostureEvents {
  private PostureEvents() {}

  /** A finding about one service (SERVICE scope). */
  public static PostureFinding of(
      String site, String service, String source, Instant observedAt, Finding finding) {
    return of(site, service, source, EvidenceScope.SERVICE, Optional.empty(), observedAt, finding);
  }

  /** A finding with a declared scope (and segment, for SEGMENT). */
  public static PostureFinding of(
      String site,
      String service,
      String source,
      EvidenceScope scope,
      Optional<String> segment,
      Instant observedAt,
      Finding finding) {
    return PostureFinding.newBuilder()
        .setEventId(UUID.randomUUID())
        .setKind(EventKind.POSTURE)
        .setSite(site)
        .setService(service)
        .setSource(source)
        .setObservedAt(observedAt.truncatedTo(ChronoUnit.MILLIS))
        .setFinding(finding)
        .setScope(scope)
        .setSegment(segment.orElse(null))
        .build();
  }
}
