package dev.vigil.streams.failover.topology;

import dev.vigil.schemas.event.EvidenceScopes;
import dev.vigil.schemas.registry.SchemaRegistryException;
import dev.vigil.streams.failover.FailoverEngine;
import dev.vigil.streams.failover.FailoverMetrics;
import dev.vigil.streams.redaction.RedactionHeaders;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one input topic's values. A value that cannot be decoded (bad framing, unknown schema id,
 * a datum that does not match its schema) is not a reason to stop the correlator: it leaves as
 * {@link Decoded#quarantined()} with the redactor's error headers ({@link RedactionHeaders}, stage
 * {@code decode}) and is counted; the next record is processed. A registry that cannot be reached
 * is not the record's fault: that error is rethrown (the task stops and the record is read again
 * after a restart) instead of discarding a valid event.
 */
final class DecodeProcessor implements Processor<String, byte[], String, Decoded> {
  private static final Logger LOGGER = LoggerFactory.getLogger(DecodeProcessor.class);
  static final String STAGE = "decode";

  static final String STAGE_CLOCK = "clock";
  static final String STAGE_SCOPE = "scope";

  private final String topic;
  private final Deserializer<? extends SpecificRecord> deserializer;
  private final FailoverMetrics metrics;
  private final FailoverEngine engine;
  private ProcessorContext<String, Decoded> context;

  DecodeProcessor(
      String topic,
      Deserializer<? extends SpecificRecord> deserializer,
      FailoverMetrics metrics,
      FailoverEngine engine) {
    this.topic = topic;
    this.deserializer = deserializer;
    this.metrics = metrics;
    this.engine = engine;
  }

  @Override
  public void init(ProcessorContext<String, Decoded> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    SpecificRecord value;
    try {
      value = deserializer.deserialize(topic, record.headers(), record.value());
    } catch (RuntimeException e) {
      if (registryUnavailable(e)) {
        throw e;
      }
      quarantine(
          record, e.getClass().getName(), STAGE, "failover correlator cannot decode the value");
      return;
    }
    if (value != null) {
      Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
      if (engine.timeliness(value, now) == FailoverEngine.Timeliness.FUTURE) {
        quarantine(
            record,
            "dev.vigil.streams.failover.FutureDated",
            STAGE_CLOCK,
            "observed_at is more than failover.maxClockSkew ahead of the correlator's clock");
        return;
      }
      Optional<EvidenceScopes.Problem> scope = EvidenceScopes.inconsistency(value);
      if (scope.isPresent()) {
        quarantine(
            record,
            "dev.vigil.streams.failover.InconsistentScope",
            STAGE_SCOPE,
            scope.get().field() + ": " + scope.get().reason());
        return;
      }
    }
    context.forward(record.withValue(Decoded.ok(value)));
  }

  private void quarantine(
      Record<String, byte[]> record, String errorClass, String stage, String reason) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    Headers headers = record.headers();
    RedactionHeaders.put(headers, RedactionHeaders.ERROR_CLASS, errorClass);
    RedactionHeaders.put(headers, RedactionHeaders.ERROR_STAGE, stage);
    // Reasons are fixed texts (field names and rules at most), so nothing of the record can ever
    // reach a header or a log.
    RedactionHeaders.put(headers, RedactionHeaders.ERROR_REASON, reason);
    RedactionHeaders.put(headers, RedactionHeaders.SOURCE_TOPIC, topic);
    RedactionHeaders.put(headers, RedactionHeaders.SOURCE_PARTITION, partition);
    RedactionHeaders.put(headers, RedactionHeaders.SOURCE_OFFSET, offset);
    metrics.quarantined(topic, stage);
    LOGGER
        .atWarn()
        .addKeyValue("topic", topic)
        .addKeyValue("partition", partition)
        .addKeyValue("offset", offset)
        .addKeyValue("stage", stage)
        .addKeyValue("error", errorClass)
        .log("input sent to the quarantine");
    context.forward(record.withValue(Decoded.quarantined(record.value())).withHeaders(headers));
  }

  /** A registry error other than "no such schema": the record may well be fine. */
  private static boolean registryUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SchemaRegistryException r) {
        return !r.isNotFound();
      }
    }
    return false;
  }
}
