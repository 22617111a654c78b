package dev.vigil.ingest.spool;

import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;

/**
 * One event for Kafka: topic, key (UTF-8), Avro value and headers. Its idempotency key is the
 * value's {@code event_id} field when it has one.
 */
public record OutgoingEvent(String topic, String key, SpecificRecord value, List<Header> headers) {

  public OutgoingEvent {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
    headers = List.copyOf(headers);
  }

  public static OutgoingEvent of(String topic, String key, SpecificRecord value) {
    return new OutgoingEvent(topic, key, value, List.of());
  }

  /** The value's {@code event_id} as a string, or null when its schema has no such field. */
  public String eventId() {
    Schema.Field field = value.getSchema().getField("event_id");
    if (field == null) {
      return null;
    }
    Object id = value.get(field.pos());
    return id == null ? null : id.toString();
  }
}
