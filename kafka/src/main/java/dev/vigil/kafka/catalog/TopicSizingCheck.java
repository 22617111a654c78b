package dev.vigil.kafka.catalog;

import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.TopicSizing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Compares existing topics with their {@link TopicSizing}: a different partition count (keys would
 * map to other partitions), fewer replicas than asked, or a lower min ISR stop start-up, all
 * problems in one message.
 */
final class TopicSizingCheck {
  private TopicSizingCheck() {}

  static void check(
      Admin admin, Collection<Topic<?>> topics, Function<Topic<?>, TopicSizing> sizing) {
    List<String> names = topics.stream().map(Topic::name).toList();
    Map<String, TopicDescription> descriptions =
        CatalogueBootstrap.get(admin.describeTopics(names).allTopicNames());
    List<ConfigResource> resources =
        names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs =
        CatalogueBootstrap.get(admin.describeConfigs(resources).all());
    List<String> problems = new ArrayList<>();
    for (Topic<?> topic : topics) {
      TopicDescription d = descriptions.get(topic.name());
      int fewestReplicas =
          d.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
      ConfigEntry isr =
          configs
              .get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
              .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
      int minIsr = isr == null ? 1 : Integer.parseInt(isr.value());
      problems.addAll(
          problems(
              topic.name(), sizing.apply(topic), d.partitions().size(), fewestReplicas, minIsr));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          String.join("; ", problems)
              + "; fix the topics or Vigil's topic sizing before starting Vigil");
    }
  }

  /** What is wrong with one existing topic, if anything. */
  static List<String> problems(
      String topic, TopicSizing sizing, int partitions, int fewestReplicas, int minIsr) {
    List<String> problems = new ArrayList<>();
    if (partitions != sizing.partitions()) {
      problems.add(
          "topic "
              + topic
              + " has "
              + partitions
              + " partitions but its sizing asks for "
              + sizing.partitions());
    }
    sizing
        .replicationFactor()
        .ifPresent(
            rf -> {
              if (fewestReplicas < rf) {
                problems.add(
                    "topic "
                        + topic
                        + " has a partition with "
                        + fewestReplicas
                        + " replicas but its sizing asks for replication factor "
                        + rf);
              }
            });
    sizing
        .minInsyncReplicas()
        .ifPresent(
            want -> {
              if (minIsr < want) {
                problems.add(
                    "topic "
                        + topic
                        + " has min.insync.replicas="
                        + minIsr
                        + " but its sizing asks for "
                        + want);
              }
            });
    return problems;
  }
}
