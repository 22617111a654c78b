package dev.vigil.streams.redaction;

import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Wires {@link RecordRedactor} into the topology: headers, metadata, and the named child. */
final class RedactProcessor implements Processor<String, byte[], String, byte[]> {
  private final RecordRedactor redactor;
  private final String redactedChild;
  private final String quarantineChild;
  private final QuarantineCounter counter;
  private ProcessorContext<String, byte[]> context;

  RedactProcessor(
      EventKind kind,
      RuleSetHolder rules,
      SchemaRegistryClient registry,
      String redactedChild,
      String quarantineChild,
      QuarantineCounter counter) {
    this.redactor = new RecordRedactor(kind, rules, registry);
    this.redactedChild = redactedChild;
    this.quarantineChild = quarantineChild;
    this.counter = counter;
  }

  /** Counts quarantined records by stage and source topic (bound to a metric by the runtime). */
  interface QuarantineCounter {
    void quarantined(String sourceTopic, String stage);
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
    Routed routed = redactor.route(topic, record.value());
    Headers headers = record.headers();
    if (routed instanceof Routed.Redacted r) {
      RedactionHeaders.put(headers, RedactionHeaders.RULESET_ID, r.rulesetId());
      RedactionHeaders.put(headers, RedactionHeaders.RULESET_VERSION, r.version());
      RedactionHeaders.put(headers, RedactionHeaders.CONTENT_SHA256, r.contentHash());
      context.forward(record.withValue(r.value()).withHeaders(headers), redactedChild);
    } else if (routed instanceof Routed.Quarantined q) {
      RecordMetadata meta = context.recordMetadata().orElse(null);
      RedactionHeaders.put(headers, RedactionHeaders.ERROR_CLASS, q.errorClass());
      RedactionHeaders.put(headers, RedactionHeaders.ERROR_STAGE, q.stage());
      RedactionHeaders.put(headers, RedactionHeaders.ERROR_REASON, q.reason());
      RedactionHeaders.put(headers, RedactionHeaders.SOURCE_TOPIC, topic);
      RedactionHeaders.put(
          headers, RedactionHeaders.SOURCE_PARTITION, meta == null ? -1 : meta.partition());
      RedactionHeaders.put(
          headers, RedactionHeaders.SOURCE_OFFSET, meta == null ? -1 : meta.offset());
      RedactionHeaders.put(headers, RedactionHeaders.RULESET_ID, q.rulesetId());
      RedactionHeaders.put(headers, RedactionHeaders.RULESET_VERSION, q.version());
      counter.quarantined(topic, q.stage());
      context.forward(record.withValue(q.original()).withHeaders(headers), quarantineChild);
    }
  }
}
