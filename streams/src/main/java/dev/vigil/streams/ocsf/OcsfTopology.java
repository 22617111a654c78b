package dev.vigil.streams.ocsf;

import dev.vigil.kafka.serde.AvroDeserializer;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The OCSF export: redacted signals and posture findings, failover triggers and the audit trail →
 * OCSF 1.8.0 JSON on {@code vigil.ocsf.findings.v1} (findings, incidents) and {@code
 * vigil.ocsf.activity.v1} (operator commands, rule changes), or the quarantine. It reads no raw
 * topic. Every record is mapped on its own; the only state is the open posture violations.
 *
 * <p>Pure: builds a {@link Topology} and does no I/O. Every node is named.
 */
public final class OcsfTopology {
  static final String FINDINGS_SINK = "ocsf-sink-findings";
  static final String ACTIVITY_SINK = "ocsf-sink-activity";
  static final String QUARANTINE_SINK = "ocsf-sink-quarantine";

  /** Open posture violations by finding uid (changelogged), see {@link PostureLedger}. */
  public static final String POSTURE_STORE = "ocsf-posture-open-store";

  /** The input topics, in the order their source nodes are added. */
  public static final List<Topic<?>> INPUTS =
      List.of(Topics.SECURITY, Topics.POSTURE, Topics.FAILOVER_TRIGGERS, Topics.AUDIT);

  private OcsfTopology() {}

  /** Child node names the processors forward to. */
  record Sinks(String findings, String activity, String quarantine) {
    String of(OcsfClass ocsfClass) {
      return ocsfClass == OcsfClass.ENTITY_MANAGEMENT ? activity : findings;
    }
  }

  public static Topology build(
      OcsfMapper mapper, SchemaRegistryClient registry, OcsfMetrics metrics) {
    Topology topology = new Topology();
    Sinks sinks = new Sinks(FINDINGS_SINK, ACTIVITY_SINK, QUARANTINE_SINK);
    List<String> processors = new ArrayList<>();
    for (Topic<?> input : INPUTS) {
      String name = shortName(input);
      String source = "ocsf-source-" + name;
      String processor = "ocsf-map-" + name;
      topology.addSource(
          source, new StringDeserializer(), new ByteArrayDeserializer(), input.name());
      String store = input.equals(Topics.POSTURE) ? POSTURE_STORE : null;
      topology.addProcessor(
          processor,
          () ->
              new ExportProcessor(
                  input.name(), deserializer(input, registry), mapper, sinks, metrics, store),
          source);
      if (store != null) {
        topology.addStateStore(
            Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.String()),
            processor);
      }
      processors.add(processor);
    }
    String[] parents = processors.toArray(String[]::new);
    topology.addSink(
        FINDINGS_SINK,
        Topics.OCSF_FINDINGS.name(),
        new StringSerializer(),
        new ByteArraySerializer(),
        parents);
    topology.addSink(
        ACTIVITY_SINK,
        Topics.OCSF_ACTIVITY.name(),
        new StringSerializer(),
        new ByteArraySerializer(),
        parents);
    topology.addSink(
        QUARANTINE_SINK,
        Topics.QUARANTINE.name(),
        new StringSerializer(),
        new ByteArraySerializer(),
        parents);
    return topology;
  }

  /** {@code vigil.failover.triggers.v1} → {@code failover-triggers}. */
  static String shortName(Topic<?> topic) {
    String n = topic.name().substring("vigil.".length(), topic.name().lastIndexOf(".v"));
    return n.replace('.', '-');
  }

  private static AvroDeserializer<? extends SpecificRecord> deserializer(
      Topic<?> input, SchemaRegistryClient registry) {
    Class<?> type = input.valueType();
    if (type == SecuritySignal.class) {
      return AvroDeserializer.specific(SecuritySignal.class, registry);
    }
    if (type == PostureFinding.class) {
      return AvroDeserializer.specific(PostureFinding.class, registry);
    }
    if (type == FailoverTrigger.class) {
      return AvroDeserializer.specific(FailoverTrigger.class, registry);
    }
    if (type == AuditRecord.class) {
      return AvroDeserializer.specific(AuditRecord.class, registry);
    }
    throw new IllegalArgumentException("no OCSF export from " + input.name());
  }
}
