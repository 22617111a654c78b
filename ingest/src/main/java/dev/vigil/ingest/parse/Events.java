package dev.vigil.ingest.parse;

import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Signal;
import java.time.Instant;
import java.util.UUID;

/** Builds the §4 event envelopes around a signal or finding. */
final class Events {

  private Events() {}

  static SecuritySignal signal(SourceContext ctx, UUID id, Instant observedAt, Signal signal) {
    return SecuritySignal.newBuilder()
        .setEventId(id)
        .setKind(EventKind.SECURITY)
        .setSite(ctx.site())
        .setService(ctx.service())
        .setSource(ctx.source())
        .setObservedAt(observedAt)
        .setSignal(signal)
        .build();
  }

  static PostureFinding finding(SourceContext ctx, UUID id, Instant observedAt, Finding finding) {
    return PostureFinding.newBuilder()
        .setEventId(id)
        .setKind(EventKind.POSTURE)
        .setSite(ctx.site())
        .setService(ctx.service())
        .setSource(ctx.source())
        .setObservedAt(observedAt)
        .setFinding(finding)
        .build();
  }
}
