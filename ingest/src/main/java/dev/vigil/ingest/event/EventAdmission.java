package dev.vigil.ingest.event;

import dev.vigil.schemas.event.EventBounds;
import dev.vigil.schemas.json.EventFormatException;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * What every collector door checks before it stores a parsed event (issue 18): the {@link
 * EventBounds} (identifier rule, free text cut and marked, attribute maps capped, plausible
 * timestamps), then the door's {@link ClockDiscipline}. The JSON form applies the bounds while
 * parsing; tailers, syslog, probes and posture checks build events from foreign formats and come
 * through here.
 */
public final class EventAdmission {
  /** Metric {@code reason} of an event outside the bounds (an invalid identifier, a bad date). */
  public static final String OUT_OF_BOUNDS = "out_of_bounds";

  private EventAdmission() {}

  /**
   * Bounds {@code event} in place and checks its clock.
   *
   * @return why the event is refused (field and rule, never the value), or empty when admitted
   */
  public static Optional<ClockDiscipline.Violation> check(
      ClockDiscipline discipline, SpecificRecord event, Instant now) {
    try {
      EventBounds.apply(event);
    } catch (EventFormatException e) {
      String field = e.path().isEmpty() ? EventFormatException.ROOT : e.path();
      return Optional.of(new ClockDiscipline.Violation(field, e.problem(), OUT_OF_BOUNDS));
    }
    return discipline.check(event, now);
  }
}
