package dev.vigil.streams.ocsf;

import dev.vigil.streams.redaction.RedactionHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decodes one input topic's records, maps them with {@link OcsfMapper} and routes the JSON to the
 * findings or activity sink; records that cannot be decoded or must not be exported go, as they
 * arrived, to the quarantine with the error headers the redactor uses. Logs nothing per record.
 */
final class ExportProcessor implements Processor<String, byte[], String, byte[]> {
  /** Header on every exported record: the OCSF class uid, for sinks that route by class. */
  static final String CLASS_UID_HEADER = "vigil.ocsf.class_uid";

  private static final String TRACEPARENT = "traceparent";

  private final String topic;
  private final Deserializer<? extends SpecificRecord> deserializer;
  private final OcsfMapper mapper;
  private final OcsfTopology.Sinks sinks;
  private final OcsfMetrics metrics;
  private final String ledgerStore;
  private ProcessorContext<String, byte[]> context;
  private PostureLedger ledger = NO_POSTURE;

  /** Inputs other than posture never touch the ledger. */
  private static final PostureLedger NO_POSTURE =
      new PostureLedger() {
        @Override
        public java.util.Optional<String> open(String findingUid) {
          throw new IllegalStateException("no posture ledger on this input");
        }

        @Override
        public void open(String findingUid, String fingerprint) {
          throw new IllegalStateException("no posture ledger on this input");
        }

        @Override
        public void close(String findingUid) {
          throw new IllegalStateException("no posture ledger on this input");
        }
      };

  ExportProcessor(
      String topic,
      Deserializer<? extends SpecificRecord> deserializer,
      OcsfMapper mapper,
      OcsfTopology.Sinks sinks,
      OcsfMetrics metrics,
      String ledgerStore) {
    this.topic = topic;
    this.deserializer = deserializer;
    this.mapper = mapper;
    this.sinks = sinks;
    this.metrics = metrics;
    this.ledgerStore = ledgerStore;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    if (ledgerStore != null) {
      KeyValueStore<String, String> store = context.getStateStore(ledgerStore);
      ledger =
          new PostureLedger() {
            @Override
            public java.util.Optional<String> open(String findingUid) {
              return java.util.Optional.ofNullable(store.get(findingUid));
            }

            @Override
            public void open(String findingUid, String fingerprint) {
              store.put(findingUid, fingerprint);
            }

            @Override
            public void close(String findingUid) {
              store.delete(findingUid);
            }
          };
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.value() == null) {
      metrics.skipped(topic);
      return;
    }
    SpecificRecord value;
    try {
      value = deserializer.deserialize(topic, record.value());
    } catch (RuntimeException e) {
      quarantine(
          record,
          new Exported.Rejected("decode", e.getClass().getSimpleName(), "undecodable value"));
      return;
    }
    Exported exported = mapper.map(record.key(), value, provenance(record.headers()), ledger);
    if (exported instanceof Exported.Event event) {
      Headers headers = new RecordHeaders();
      Header trace = record.headers().lastHeader(TRACEPARENT);
      if (trace != null) {
        headers.add(trace);
      }
      RedactionHeaders.put(headers, CLASS_UID_HEADER, event.ocsfClass().uid());
      metrics.exported(event.ocsfClass());
      context.forward(
          new Record<>(
              event.key(),
              event.json().getBytes(StandardCharsets.UTF_8),
              record.timestamp(),
              headers),
          sinks.of(event.ocsfClass()));
    } else if (exported instanceof Exported.Skipped) {
      metrics.skipped(topic);
    } else if (exported instanceof Exported.Rejected rejected) {
      quarantine(record, rejected);
    }
  }

  private Provenance provenance(Headers headers) {
    String id = RedactionHeaders.get(headers, RedactionHeaders.RULESET_ID);
    String version = RedactionHeaders.get(headers, RedactionHeaders.RULESET_VERSION);
    return id == null || version == null
        ? Provenance.of(topic)
        : Provenance.redacted(topic, id, version);
  }

  private void quarantine(Record<String, byte[]> record, Exported.Rejected rejected) {
    Headers headers = record.headers();
    RecordMetadata meta = context.recordMetadata().orElse(null);
    RedactionHeaders.put(headers, RedactionHeaders.ERROR_CLASS, rejected.errorClass());
    RedactionHeaders.put(headers, RedactionHeaders.ERROR_STAGE, "ocsf-" + rejected.stage());
    RedactionHeaders.put(headers, RedactionHeaders.ERROR_REASON, rejected.reason());
    RedactionHeaders.put(headers, RedactionHeaders.SOURCE_TOPIC, topic);
    RedactionHeaders.put(
        headers, RedactionHeaders.SOURCE_PARTITION, meta == null ? -1 : meta.partition());
    RedactionHeaders.put(
        headers, RedactionHeaders.SOURCE_OFFSET, meta == null ? -1 : meta.offset());
    metrics.quarantined(topic, "ocsf-" + rejected.stage());
    context.forward(record.withHeaders(headers), sinks.quarantine());
  }
}
