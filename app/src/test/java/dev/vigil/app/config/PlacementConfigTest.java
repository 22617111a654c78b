package dev.vigil.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.catalog.TopicSizing;
import dev.vigil.schemas.catalog.Topics;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The {@code instance}, {@code topics} and {@code streams.standbyReplicas} keys. */
class PlacementConfigTest {

  private static final String TWO_SITES =
      """
      instance: {id: vigil-primary-1, site: primary}
      streams: {standbyReplicas: 1}
      topics:
        replicationFactor: 3
        minInsyncReplicas: 2
        perTopic:
          vigil.health.raw.v1: {partitions: 6}
          vigil.audit.v1: {minInsyncReplicas: 3}
      """;

  @Test
  void shouldSizeEveryCatalogueTopicFromTheDefaultsAndItsOverride() {
    // When a config sets replication defaults and two per-topic overrides
    TopicsSection topics = ConfigLoader.parse("c.yaml", TWO_SITES).topics();

    // Then each topic gets its override, else the defaults, else the catalogue's partitions
    assertThat(topics.sizing(Topics.HEALTH_RAW))
        .isEqualTo(new TopicSizing(6, OptionalInt.of(3), OptionalInt.of(2)));
    assertThat(topics.sizing(Topics.AUDIT))
        .isEqualTo(new TopicSizing(1, OptionalInt.of(3), OptionalInt.of(3)));
    assertThat(topics.sizing(Topics.HEALTH))
        .isEqualTo(
            new TopicSizing(Topics.HEALTH.partitions(), OptionalInt.of(3), OptionalInt.of(2)));
  }

  @Test
  void shouldLeaveReplicationToTheBrokerByDefault() {
    VigilConfig config = VigilConfig.defaults();

    assertThat(config.topics().sizing(Topics.HEALTH)).isEqualTo(TopicSizing.of(Topics.HEALTH));
    assertThat(StreamsPlacement.overrides(config))
        .containsEntry("num.standby.replicas", 0)
        .doesNotContainKeys(
            "replication.factor", "client.rack", "client.id", "rack.aware.assignment.tags");
  }

  @Test
  void shouldPlaceTheStreamsAppsOfAnInstanceAtItsSiteWithStandbys() {
    // When an instance at site primary runs with one standby replica and RF 3 / min ISR 2
    Map<String, Object> overrides =
        StreamsPlacement.overrides(ConfigLoader.parse("c.yaml", TWO_SITES));

    // Then its Streams apps carry the site as rack and tag, and replicate their internal topics
    assertThat(overrides)
        .containsEntry("num.standby.replicas", 1)
        .containsEntry("replication.factor", 3)
        .containsEntry("topic.min.insync.replicas", 2)
        .containsEntry("client.id", "vigil-primary-1")
        .containsEntry("client.rack", "primary")
        .containsEntry("client.tag.site", "primary")
        .containsEntry("rack.aware.assignment.tags", "site");
  }

  @Test
  void shouldNameTheKeyOfAnUnknownTopicOrAnImpossibleSizing() {
    assertThatThrownBy(
            () -> ConfigLoader.parse("c.yaml", "topics:\n  perTopic:\n    vigil.nope.v1: {}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml line")
        .hasMessageContaining("topics.perTopic.vigil.nope.v1 is not a catalogue topic");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml", "topics: {replicationFactor: 2, minInsyncReplicas: 3}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("minInsyncReplicas (3) must not exceed replicationFactor (2)");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml", "topics:\n  perTopic:\n    vigil.audit.v1: {partitions: 3}\n"))
        .hasMessageContaining("vigil.audit.v1.partitions must be 1");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml", "topics:\n  perTopic:\n    vigil.health.v1: {rf: 3}\n"))
        .hasMessageContaining("unknown key 'topics.perTopic.vigil.health.v1.rf'");
  }

  @Test
  void shouldRefuseBadInstanceLabelsAndTooManyStandbys() {
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "instance: {site: Primary Site}\n"))
        .hasMessageContaining("instance.site must match");
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "instance: {id: '-x'}\n"))
        .hasMessageContaining("instance.id must match");
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "streams: {standbyReplicas: 4}\n"))
        .hasMessageContaining("streams.standbyReplicas must be 0..3 but was 4");
  }
}
