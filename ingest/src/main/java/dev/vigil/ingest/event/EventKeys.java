package dev.vigil.ingest.event;

import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.event.EvidenceScopes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Kafka key of an event on its raw topic. Per-service evidence (health, SERVICE-scoped findings
 * and signals) is keyed by {@code service}, as before; site-wide evidence by {@code site} and a
 * segment's by {@code site/segment}, so one scope's evidence stays in order on one partition
 * whatever service label the event carries.
 */
public final class EventKeys {
  private EventKeys() {}

  public static String of(SpecificRecord event) {
    EvidenceScope scope = EvidenceScopes.of(event).orElse(EvidenceScope.SERVICE);
    if (scope == EvidenceScope.SITE) {
      return text(event, "site");
    }
    if (scope == EvidenceScope.SEGMENT) {
      CharSequence segment =
          event instanceof PostureFinding f
              ? f.getSegment()
              : ((SecuritySignal) event).getSegment();
      return text(event, "site") + "/" + segment;
    }
    return text(event, "service");
  }

  private static String text(SpecificRecord event, String name) {
    Schema.Field field = event.getSchema().getField(name);
    Object value = field == null ? null : event.get(field.pos());
    return value == null ? null : value.toString();
  }
}
