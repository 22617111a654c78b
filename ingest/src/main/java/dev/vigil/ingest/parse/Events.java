package dev.vigil.ingest.parse;

import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Signal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Builds the §4 event envelopes around a signal or finding. {@code observed_at} is truncated to
 * milliseconds, the precision of the Avro {@code timestamp-millis} it is stored as; {@code scope}
 * and {@code segment} come from the {@link SourceContext} (always declared, never inferred).
 */
final class Events {

  private Events() {}

  static SecuritySignal signal(SourceContext ctx, UUID id, Instant observedAt, Signal signal) {
    return SecuritySignal.newBuilder()
        .setEventId(id)
        .setKind(EventKind.SECURITY)
        .setSite(ctx.site())
        .setService(ctx.service())
        .setSource(ctx.source())
        .setObservedAt(observedAt.truncatedTo(ChronoUnit.MILLIS))
        .setSignal(signal)
        .setScope(ctx.scope())
        .setSegment(ctx.segment().orElse(null))
        .build();
  }

  static PostureFinding finding(SourceContext ctx, UUID id, Instant observedAt, Finding finding) {
    return PostureFinding.newBuilder()
        .setEventId(id)
        .setKind(EventKind.POSTURE)
        .setSite(ctx.site())
        .setService(ctx.service())
        .setSource(ctx.source())
        .setObservedAt(observedAt.truncatedTo(ChronoUnit.MILLIS))
        .setFinding(finding)
        .setScope(ctx.scope())
        .setSegment(ctx.segment().orElse(null))
        .build();
  }
}
