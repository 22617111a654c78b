package dev.vigil.ingest.spool;

import java.io.IOException;
import java.util.List;

/**
 * Where collectors hand their events: the {@link DurableProducer} in production, a list in unit
 * tests. All or nothing: on return every event is durable (or a duplicate of one that is).
 */
@FunctionalInterface
public interface EventSink {
  AppendResult send(List<OutgoingEvent> events) throws SpoolFullException, IOException;
}
