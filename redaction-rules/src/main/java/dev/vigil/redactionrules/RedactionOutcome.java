package dev.vigil.redactionrules;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** Result of redacting one event: the redacted copy, or why it must be quarantined. */
public sealed interface RedactionOutcome
    permits RedactionOutcome.Redacted, RedactionOutcome.Failed {

  /**
   * A fully redacted deep copy of the input.
   *
   * @param event the redacted copy (the input is never mutated, except by {@code redactInPlace})
   * @param contentHash lower-case hex SHA-256 of {@code binary}
   * @param countsByDetector spans replaced per detector type in this event (empty if none)
   * @param binary {@code event}'s Avro binary encoding in its schema, as the engine hashed it (the
   *     payload of the wire format after its 5-byte header); callers must not modify it
   */
  record Redacted(
      SpecificRecord event,
      String contentHash,
      Map<String, Integer> countsByDetector,
      byte[] binary)
      implements RedactionOutcome {
    public Redacted {
      Objects.requireNonNull(event);
      Objects.requireNonNull(contentHash);
      Objects.requireNonNull(binary);
      countsByDetector = Map.copyOf(countsByDetector);
    }
  }

  /**
   * The event could not be redacted and must go to quarantine; nothing of it was redacted.
   *
   * @param stage where it failed: {@code dispatch}, {@code validate}, {@code copy}, {@code redact},
   *     {@code encode}
   * @param errorClass class name of the underlying error
   * @param reason rule path and operator involved; never contains event values
   */
  record Failed(String stage, String errorClass, String reason) implements RedactionOutcome {}
}
