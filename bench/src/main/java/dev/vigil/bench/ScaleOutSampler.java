package dev.vigil.bench;

import dev.vigil.app.drill.VigilInstance;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The scale-out bench's look at one consumer group through the admin API: its members and their
 * assignments, committed offsets and end offsets.
 */
final class ScaleOutSampler {
  /** What one admin-API look at the group saw. */
  record Sample(
      long committedInput,
      long totalLag,
      int instancesWithInput,
      Map<String, Integer> inputPartitions,
      Map<String, String> perInstance) {}

  private final Admin admin;
  private final String group;
  private final String input;
  private final long baseline;
  private final List<VigilInstance> instances;

  ScaleOutSampler(
      Admin admin, String group, String input, long baseline, List<VigilInstance> instances) {
    this.admin = admin;
    this.group = group;
    this.input = input;
    this.baseline = baseline;
    this.instances = instances;
  }

  Sample sample() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed;
    ConsumerGroupDescription description;
    try {
      committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      description =
          admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        // the instances have not joined yet
        return new Sample(0, Long.MAX_VALUE, 0, Map.of(), Map.of());
      }
      throw e;
    }
    Map<TopicPartition, String> owner = owners(description);
    Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
    partitions.addAll(owner.keySet());
    partitions.addAll(ScaleOutTopics.partitions(admin, input));
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
    return tally(partitions, committed, owner, ends, description.groupState() == GroupState.STABLE);
  }

  /** Which instance owns each assigned partition. */
  private Map<TopicPartition, String> owners(ConsumerGroupDescription description) {
    Map<TopicPartition, String> owner = new HashMap<>();
    for (MemberDescription m : description.members()) {
      String instance = owningInstance(m.clientId());
      m.assignment().topicPartitions().forEach(tp -> owner.put(tp, instance));
    }
    return owner;
  }

  /** Committed input, total lag, and input partitions and lag per instance. */
  private Sample tally(
      Set<TopicPartition> partitions,
      Map<TopicPartition, OffsetAndMetadata> committed,
      Map<TopicPartition, String> owner,
      Map<TopicPartition, ListOffsetsResultInfo> ends,
      boolean stable) {
    long committedInput = 0;
    long totalLag = 0;
    Map<String, Integer> inputCount = new TreeMap<>();
    Map<String, Long> lagOf = new TreeMap<>();
    instances.forEach(
        i -> {
          inputCount.put(i.name(), 0);
          lagOf.put(i.name(), 0L);
        });
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata c = committed.get(tp);
      long at = c == null ? 0 : c.offset();
      long lag = Math.max(0, ends.get(tp).offset() - at);
      totalLag += lag;
      String who = owner.get(tp);
      if (tp.topic().equals(input)) {
        committedInput += at;
        if (who != null) {
          inputCount.merge(who, 1, Integer::sum);
        }
      }
      if (who != null) {
        lagOf.merge(who, lag, Long::sum);
      }
    }
    int withInput = stable ? (int) inputCount.values().stream().filter(n -> n > 0).count() : 0;
    Map<String, String> per = new LinkedHashMap<>();
    inputCount.forEach(
        (name, n) -> per.put(shortName(name), n + "/" + lagOf.getOrDefault(name, 0L)));
    return new Sample(
        Math.max(0, committedInput - baseline), totalLag, withInput, Map.copyOf(inputCount), per);
  }

  /** The instance whose {@code instance.id} starts the member's client id. */
  private String owningInstance(String clientId) {
    return instances.stream()
        .map(VigilInstance::name)
        .filter(clientId::startsWith)
        .max((a, b) -> Integer.compare(a.length(), b.length()))
        .orElse(clientId);
  }

  private static String shortName(String instance) {
    int i = instance.lastIndexOf("-i");
    return i < 0 ? instance : instance.substring(i + 1);
  }
}
