package dev.vigil.bench;

import dev.vigil.app.runtime.Clients;
import dev.vigil.kafka.serde.AvroDeserializer;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the scale-out bench reads off topics: their end offsets, and the records written to a topic
 * since given offsets.
 */
final class ScaleOutTopics {
  private ScaleOutTopics() {}

  /** The topic's partitions, as the admin API describes them. */
  static Set<TopicPartition> partitions(Admin admin, String topic) throws Exception {
    Set<TopicPartition> set = new HashSet<>();
    admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(10, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .forEach(p -> set.add(new TopicPartition(topic, p.partition())));
    return set;
  }

  static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions(admin, topic).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, Long> out = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(10, TimeUnit.SECONDS)
        .forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  /**
   * Records (read_committed) written to {@code topic} between {@code from} and now, and the
   * distinct event ids among them.
   */
  static long[] countOutput(
      Map<String, Object> connection,
      SchemaRegistryClient registry,
      Admin admin,
      String topic,
      Map<TopicPartition, Long> from)
      throws Exception {
    Map<TopicPartition, Long> to = endOffsets(admin, topic);
    AvroDeserializer<HealthCheckResult> avro =
        AvroDeserializer.specific(HealthCheckResult.class, registry);
    long records = 0;
    Set<UUID> ids = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        Clients.readCommittedConsumer(connection, "vigil-bench-scale-out-count")) {
      consumer.assign(to.keySet());
      to.keySet().forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (to.keySet().stream().anyMatch(tp -> consumer.position(tp) < to.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read " + topic + " up to " + to);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() < to.get(new TopicPartition(r.topic(), r.partition()))) {
            records++;
            ids.add(avro.deserialize(topic, r.value()).getEventId());
          }
        }
      }
    }
    return new long[] {records, ids.size()};
  }
}
