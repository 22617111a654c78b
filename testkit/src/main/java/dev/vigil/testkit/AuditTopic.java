package dev.vigil.testkit;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reading the audit topic ({@code vigil.audit.v1}, one partition) in tests. Other tests write to it
 * on the shared platform, so a test notes {@link #end} before it acts and reads from there.
 */
public final class AuditTopic {
  private static final TopicPartition PARTITION = new TopicPartition(Topics.AUDIT.name(), 0);

  private AuditTopic() {}

  /** The audit topic's end offset now, for the committed records (its last stable offset). */
  public static long end(VigilPlatform platform) {
    try (KafkaConsumer<String, byte[]> c = consumer(platform.clientProperties())) {
      return c.endOffsets(List.of(PARTITION)).get(PARTITION);
    }
  }

  /**
   * A watch on the committed audit records from offset {@code from}, read with {@code client} (e.g.
   * {@code platform.clientProperties(Principal.AUDITOR)}, the auditor's own user).
   */
  public static TopicWatch<AuditRecord> watch(
      Map<String, Object> client, SchemaRegistryClient registry, long from) {
    KafkaConsumer<String, byte[]> consumer = consumer(client);
    consumer.assign(List.of(PARTITION));
    consumer.seek(PARTITION, from);
    Deserializer<AuditRecord> decoder = TopicSerdes.value(Topics.AUDIT, registry).deserializer();
    return TopicWatch.of(consumer, bytes -> decoder.deserialize(Topics.AUDIT.name(), bytes));
  }

  /** Every committed audit record of {@code chain} from offset {@code from} up to the end now. */
  public static List<AuditRecord> chain(
      Map<String, Object> client, SchemaRegistryClient registry, long from, String chain) {
    try (TopicWatch<AuditRecord> audit = watch(client, registry, from)) {
      return audit.readToEnd(Duration.ofSeconds(60)).stream()
          .filter(r -> r.getChain().equals(chain))
          .toList();
    }
  }

  private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> client) {
    Map<String, Object> props = new HashMap<>(client);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
