package dev.vigil.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** A Streams app's committed position and lag on one input topic, from the admin API. */
final class GroupLag {
  private final Admin admin;
  private final String group;
  private final String topic;

  GroupLag(Admin admin, String group, String topic) {
    this.admin = admin;
    this.group = group;
    this.topic = topic;
  }

  /** Sum of committed offsets (records consumed and committed) and of the lag, over partitions. */
  record Position(long committed, long lag) {}

  Position read() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(java.util.List.of(topic))
        .allTopicNames()
        .get(10, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
    long sum = 0;
    long lag = 0;
    for (TopicPartition tp : latest.keySet()) {
      OffsetAndMetadata c = committed.get(tp);
      long at = c == null ? 0 : c.offset();
      sum += at;
      lag += Math.max(0, ends.get(tp).offset() - at);
    }
    return new Position(sum, lag);
  }
}
