package dev.vigil.ingest.posture;

import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.PostureFinding;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Wraps a finding in the §4 envelope. Each check run is its own event: the id is random. */
public final class PostureEvents {
  private PostureEvents() {}

  public static PostureFinding of(
      String site, String service, String source, Instant observedAt, Finding finding) {
    return PostureFinding.newBuilder()
        .setEventId(UUID.randomUUID())
        .setKind(EventKind.POSTURE)
        .setSite(site)
        .setService(service)
        .setSource(source)
        .setObservedAt(observedAt.truncatedTo(ChronoUnit.MILLIS))
        .setFinding(finding)
        .build();
  }
}
