package dev.vigil.streams.ocsf;

import java.util.Objects;

/** What the exporter does with one input record. Expected outcomes are values, not exceptions. */
public sealed interface Exported permits Exported.Event, Exported.Skipped, Exported.Rejected {

  /** One OCSF event: the class, the record key and the JSON text written to the topic. */
  record Event(OcsfClass ocsfClass, String key, String json) implements Exported {
    public Event {
      Objects.requireNonNull(ocsfClass, "ocsfClass");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(json, "json");
    }
  }

  /**
   * Nothing to export (e.g. an audit entry of a kind with no OCSF event); the reason is vocabulary.
   */
  record Skipped(String reason) implements Exported {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The record must not be exported and goes to the quarantine (fail closed): {@code stage} and
   * {@code reason} name what failed, never a record value.
   */
  record Rejected(String stage, String errorClass, String reason) implements Exported {
    public Rejected {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(errorClass, "errorClass");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
