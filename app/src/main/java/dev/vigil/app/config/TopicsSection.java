package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.TopicSizing;
import dev.vigil.schemas.catalog.Topics;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Size and replication of the catalogue's topics on the cluster Vigil runs on (docs/deployment.md):
 * defaults for every topic, and per-topic overrides keyed by topic name. Vigil creates missing
 * topics with them and refuses to start on existing topics that fall short.
 *
 * @param replicationFactor replicas of every catalogue topic and every Streams internal topic;
 *     empty = the broker's default
 * @param minInsyncReplicas min ISR of the same topics; empty = the broker's default
 * @param perTopic overrides by catalogue topic name
 */
public record TopicsSection(
    OptionalInt replicationFactor, OptionalInt minInsyncReplicas, Map<String, PerTopic> perTopic) {

  /**
   * One topic's overrides; an absent key keeps the default ({@code partitions}: the catalogue's).
   */
  public record PerTopic(Integer partitions, Integer replicationFactor, Integer minInsyncReplicas) {
    @JsonCreator
    public PerTopic(
        @JsonProperty("partitions") Integer partitions,
        @JsonProperty("replicationFactor") Integer replicationFactor,
        @JsonProperty("minInsyncReplicas") Integer minInsyncReplicas) {
      this.partitions = partitions;
      this.replicationFactor = replicationFactor;
      this.minInsyncReplicas = minInsyncReplicas;
    }
  }

  @JsonCreator
  static TopicsSection fromYaml(
      @JsonProperty("replicationFactor") Integer replicationFactor,
      @JsonProperty("minInsyncReplicas") Integer minInsyncReplicas,
      @JsonProperty("perTopic") Map<String, PerTopic> perTopic) {
    return new TopicsSection(
        optional(replicationFactor),
        optional(minInsyncReplicas),
        Objects.requireNonNullElse(perTopic, Map.of()));
  }

  public TopicsSection {
    Objects.requireNonNull(replicationFactor, "replicationFactor");
    Objects.requireNonNull(minInsyncReplicas, "minInsyncReplicas");
    perTopic = Map.copyOf(perTopic);
    for (String name : new TreeMap<>(perTopic).keySet()) {
      if (Topics.ALL.stream().noneMatch(t -> t.name().equals(name))) {
        throw new IllegalArgumentException(
            "topics.perTopic."
                + name
                + " is not a catalogue topic (known: "
                + Topics.ALL.stream().map(Topic::name).sorted().collect(Collectors.joining(", "))
                + ")");
      }
    }
    PerTopic audit = perTopic.get(Topics.AUDIT.name());
    if (audit != null && audit.partitions() != null && audit.partitions() != 1) {
      throw new IllegalArgumentException(
          "topics.perTopic."
              + Topics.AUDIT.name()
              + ".partitions must be 1 (a hash chain is a total order) but was "
              + audit.partitions());
    }
    for (Topic<?> topic : Topics.ALL) {
      try {
        sizing(topic, replicationFactor, minInsyncReplicas, perTopic.get(topic.name()));
      } catch (IllegalArgumentException e) {
        String at =
            perTopic.containsKey(topic.name()) ? "topics.perTopic." + topic.name() : "topics";
        throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
      }
    }
  }

  /** The sizing of one catalogue topic: its override, else the defaults, else the catalogue's. */
  public TopicSizing sizing(Topic<?> topic) {
    return sizing(topic, replicationFactor, minInsyncReplicas, perTopic.get(topic.name()));
  }

  private static TopicSizing sizing(
      Topic<?> topic, OptionalInt rf, OptionalInt isr, PerTopic override) {
    if (override == null) {
      return new TopicSizing(topic.partitions(), rf, isr);
    }
    return new TopicSizing(
        Objects.requireNonNullElse(override.partitions(), topic.partitions()),
        override.replicationFactor() == null ? rf : OptionalInt.of(override.replicationFactor()),
        override.minInsyncReplicas() == null ? isr : OptionalInt.of(override.minInsyncReplicas()));
  }

  private static OptionalInt optional(Integer value) {
    return value == null ? OptionalInt.empty() : OptionalInt.of(value);
  }

  static TopicsSection defaults() {
    return fromYaml(null, null, null);
  }
}
