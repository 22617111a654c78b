package dev.vigil.schemas.json;

import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Lookups between {@link EventKind}, its generated record class, its schema and its JSON name. */
public final class EventTypes {
  private static final Map<EventKind, Class<? extends SpecificRecord>> CLASSES =
      new EnumMap<>(
          Map.of(
              EventKind.HEALTH, HealthCheckResult.class,
              EventKind.SECURITY, SecuritySignal.class,
              EventKind.POSTURE, PostureFinding.class));

  private EventTypes() {}

  /** The generated record class of an event kind. */
  public static Class<? extends SpecificRecord> classOf(EventKind kind) {
    return CLASSES.get(kind);
  }

  /** The event kind of a generated event class, or empty if the class is not an event. */
  public static Optional<EventKind> kindOf(Class<?> type) {
    for (Map.Entry<EventKind, Class<? extends SpecificRecord>> e : CLASSES.entrySet()) {
      if (e.getValue() == type) {
        return Optional.of(e.getKey()); // a loop, not a stream: the redactor asks for every record
      }
    }
    return Optional.empty();
  }

  /** The schema of an event kind. */
  public static Schema schemaOf(EventKind kind) {
    return schemaOf(classOf(kind));
  }

  /** The schema of any generated record class (events and outputs alike). */
  public static Schema schemaOf(Class<? extends SpecificRecord> type) {
    return SpecificData.getForClass(type).getSchema(type);
  }

  /** The JSON spelling of a kind: {@code health}, {@code security} or {@code posture}. */
  public static String jsonName(EventKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** The kind spelled exactly {@code health|security|posture} (lower-case only), or empty. */
  public static Optional<EventKind> fromJsonName(String name) {
    for (EventKind kind : EventKind.values()) {
      if (jsonName(kind).equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
