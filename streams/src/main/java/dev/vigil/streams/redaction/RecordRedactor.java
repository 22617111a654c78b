package dev.vigil.streams.redaction;

import dev.vigil.kafka.serde.AvroDeserializer;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.redactionrules.RedactionEngine;
import dev.vigil.redactionrules.RedactionOutcome;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.json.EventTypes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The per-record logic of the redactor, without Kafka Streams: decode the raw bytes, redact with
 * the rule set in force, encode for the redacted topic. Every failure is a {@link
 * Routed.Quarantined} value; nothing is thrown and nothing half-redacted leaves.
 */
final class RecordRedactor {
  private final EventKind kind;
  private final Topic<?> output;
  private final RuleSetHolder rules;
  private final AvroDeserializer<? extends SpecificRecord> decoder;
  private final AvroSerializer<SpecificRecord> encoder;

  @SuppressWarnings({"unchecked", "rawtypes"})
  RecordRedactor(EventKind kind, RuleSetHolder rules, SchemaRegistryClient registry) {
    this.kind = kind;
    this.output = Topics.redacted(kind);
    this.rules = rules;
    this.decoder = AvroDeserializer.specific((Class) EventTypes.classOf(kind), registry);
    // The redactor only looks schemas up: registering them is the bootstrap's job.
    this.encoder = new AvroSerializer<>(registry, false, false);
  }

  Routed route(String sourceTopic, byte[] raw) {
    Optional<RedactionEngine> engine = rules.current();
    String id = rules.rulesetId();
    if (engine.isEmpty()) {
      return new Routed.Quarantined(raw, "rules", "NoRuleSet", "no rule set is in force", id, 0);
    }
    int version = engine.get().version();
    if (raw == null) {
      return new Routed.Quarantined(raw, "decode", "NullValue", "record has no value", id, version);
    }
    SpecificRecord event;
    try {
      event = decoder.deserialize(sourceTopic, raw);
    } catch (RuntimeException e) {
      return new Routed.Quarantined(
          raw, "decode", e.getClass().getName(), "cannot decode as " + kind, id, version);
    }
    // the decoded record is ours and dropped on failure (the original bytes go to quarantine)
    RedactionOutcome outcome = engine.get().redactInPlace(event);
    if (outcome instanceof RedactionOutcome.Failed failed) {
      return new Routed.Quarantined(
          raw, failed.stage(), failed.errorClass(), failed.reason(), id, version);
    }
    RedactionOutcome.Redacted redacted = (RedactionOutcome.Redacted) outcome;
    try {
      // the engine's encoding, the bytes its content hash covers: framed, not encoded again
      byte[] value = encoder.frame(output.name(), redacted.event().getSchema(), redacted.binary());
      return new Routed.Redacted(value, id, version, redacted.contentHash());
    } catch (RuntimeException e) {
      return new Routed.Quarantined(
          raw, "encode", e.getClass().getName(), "cannot encode for " + output.name(), id, version);
    }
  }
}
