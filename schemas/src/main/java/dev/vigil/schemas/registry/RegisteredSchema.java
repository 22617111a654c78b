package dev.vigil.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/** One version of a subject: its per-subject version number and its global schema id. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

  public RegisteredSchema {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
  }

  /** Leaves the schema out: schemas stay out of logs. */
  @Override
  public String toString() {
    return "RegisteredSchema[subject=" + subject + ", version=" + version + ", id=" + id + "]";
  }
}
