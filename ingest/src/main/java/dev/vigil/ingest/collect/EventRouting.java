package dev.vigil.ingest.collect;

import dev.vigil.ingest.event.EventKeys;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.catalog.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * A parsed event → its raw topic (by {@code kind}), keyed by {@link EventKeys} (service, or site
 * and segment for site- and segment-wide evidence), {@code ingested_at} set.
 */
final class EventRouting {
  private EventRouting() {}

  static OutgoingEvent route(SpecificRecord event, Instant ingestedAt) {
    Schema schema = event.getSchema();
    Schema.Field ingested = schema.getField("ingested_at");
    if (ingested != null) {
      event.put(ingested.pos(), ingestedAt.truncatedTo(ChronoUnit.MILLIS));
    }
    EventKind kind = (EventKind) event.get(schema.getField("kind").pos());
    return OutgoingEvent.of(Topics.raw(kind).name(), EventKeys.of(event), event);
  }
}
