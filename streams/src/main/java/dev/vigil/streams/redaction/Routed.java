package dev.vigil.streams.redaction;

/** Where one raw record goes: its redacted topic, or the quarantine. Never both, never neither. */
sealed interface Routed permits Routed.Redacted, Routed.Quarantined {

  /** The redacted value, already in Confluent wire format. */
  record Redacted(byte[] value, String rulesetId, int version, String contentHash)
      implements Routed {}

  /** The original bytes and why they could not be redacted (no record values in the reason). */
  record Quarantined(
      byte[] original,
      String stage,
      String errorClass,
      String reason,
      String rulesetId,
      int version)
      implements Routed {}
}
