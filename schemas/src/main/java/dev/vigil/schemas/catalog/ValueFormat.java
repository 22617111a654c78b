package dev.vigil.schemas.catalog;

/** How a topic's values are encoded. */
public enum ValueFormat {
  /** Confluent wire format: magic byte, schema id, Avro binary; the schema is in the registry. */
  AVRO,
  /** UTF-8 text (rule-set YAML). */
  TEXT,
  /** UTF-8 JSON text, one document per record (the OCSF export for SIEM sinks). */
  JSON,
  /** Opaque bytes (the quarantine keeps the original record bytes as they arrived). */
  BYTES
}
