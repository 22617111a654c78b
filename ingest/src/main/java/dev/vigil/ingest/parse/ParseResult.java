package dev.vigil.ingest.parse;

import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * Outcome of parsing one record. Expected per-record failures are values, not exceptions. Reasons
 * are safe to log: they name the field or rule that failed, never the record's content.
 */
public sealed interface ParseResult
    permits ParseResult.Parsed, ParseResult.Skipped, ParseResult.Rejected {

  /** The record became one or more events ({@code SecuritySignal} or {@code PostureFinding}). */
  record Parsed(List<SpecificRecord> events) implements ParseResult {
    public Parsed {
      events = List.copyOf(events);
      if (events.isEmpty()) {
        throw new IllegalArgumentException("Parsed needs at least one event; use Skipped");
      }
    }

    public static Parsed of(SpecificRecord event) {
      return new Parsed(List.of(event));
    }

    /** The only event; fails if there are several. */
    public SpecificRecord event() {
      if (events.size() != 1) {
        throw new IllegalStateException("expected one event but got " + events.size());
      }
      return events.get(0);
    }
  }

  /** A well-formed record that carries no signal Vigil maps (a DNS log line, a header). */
  record Skipped(String reason) implements ParseResult {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A record that could not be parsed; the reason names what was wrong. */
  record Rejected(String reason) implements ParseResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
