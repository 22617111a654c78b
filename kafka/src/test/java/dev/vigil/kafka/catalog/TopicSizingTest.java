package dev.vigil.kafka.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.catalog.TopicSizing;
import dev.vigil.schemas.catalog.Topics;
import java.util.OptionalInt;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicSizingTest {
  private static final TopicSizing RF3_ISR2 =
      new TopicSizing(3, OptionalInt.of(3), OptionalInt.of(2));

  @Test
  void shouldCreateTopicsWithTheirReplicationFactorAndMinIsr() {
    NewTopic topic = CatalogueBootstrap.newTopic(Topics.HEALTH, RF3_ISR2);

    assertThat(topic.numPartitions()).isEqualTo(3);
    assertThat(topic.replicationFactor()).isEqualTo((short) 3);
    assertThat(topic.configs())
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("cleanup.policy", "delete");
  }

  @Test
  void shouldLeaveReplicationToTheBrokerWhenTheSizingDoesNotSayIt() {
    NewTopic topic = CatalogueBootstrap.newTopic(Topics.AUDIT, TopicSizing.of(Topics.AUDIT));

    assertThat(topic.numPartitions()).isEqualTo(1);
    assertThat(topic.replicationFactor()).isEqualTo((short) -1);
    assertThat(topic.configs()).doesNotContainKey("min.insync.replicas");
  }

  @Test
  void shouldAcceptAnExistingTopicWithAtLeastTheAskedReplication() {
    assertThat(TopicSizingCheck.problems("t", RF3_ISR2, 3, 3, 2)).isEmpty();
    assertThat(TopicSizingCheck.problems("t", RF3_ISR2, 3, 4, 3)).isEmpty();
  }

  @Test
  void shouldNameEveryShortfallOfAnExistingTopic() {
    assertThat(TopicSizingCheck.problems("t", RF3_ISR2, 6, 1, 1))
        .containsExactly(
            "topic t has 6 partitions but its sizing asks for 3",
            "topic t has a partition with 1 replicas but its sizing asks for replication factor 3",
            "topic t has min.insync.replicas=1 but its sizing asks for 2");
  }

  @Test
  void shouldRefuseAMinIsrAboveTheReplicationFactor() {
    assertThatThrownBy(() -> new TopicSizing(3, OptionalInt.of(2), OptionalInt.of(3)))
        .hasMessageContaining("minInsyncReplicas (3) must not exceed replicationFactor (2)");
    assertThatThrownBy(() -> new TopicSizing(0, OptionalInt.empty(), OptionalInt.empty()))
        .hasMessageContaining("partitions must be 1..1000");
  }
}
