package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The checked-in Kubernetes manifests match the topic catalogue (docs/design.md §3). */
class StrimziManifestsTest {
  private static final Path TOPICS = Path.of("kubernetes", "kafka-topics.yaml");
  private static final Path USERS = Path.of("kubernetes", "kafka-users.yaml");

  @Test
  void checkedInManifestsShouldMatchTheCatalogue() throws Exception {
    String topics = StrimziManifests.topics("vigil", 3);
    String users = StrimziManifests.users("vigil");
    if (Boolean.getBoolean("vigil.deploy.regenerate")) {
      Files.writeString(TOPICS, topics);
      Files.writeString(USERS, users);
    }
    assertThat(Files.readString(TOPICS)).isEqualTo(topics);
    assertThat(Files.readString(USERS)).isEqualTo(users);
  }

  @Test
  void everyCatalogueTopicShouldBeAKafkaTopicWithItsSettings() throws Exception {
    List<JsonNode> docs = documents(Files.readString(TOPICS));
    assertThat(docs).hasSize(Topics.ALL.size());
    for (Topic<?> topic : Topics.ALL) {
      JsonNode spec =
          docs.stream()
              .filter(d -> d.at("/spec/topicName").asText().equals(topic.name()))
              .findFirst()
              .orElseThrow()
              .get("spec");
      assertThat(spec.get("partitions").asInt()).isEqualTo(topic.partitions());
      assertThat(spec.at("/config/cleanup.policy").asText()).isEqualTo(topic.cleanup().config());
      topic
          .retention()
          .ifPresent(
              r -> assertThat(spec.at("/config/retention.ms").asLong()).isEqualTo(r.toMillis()));
    }
  }

  @Test
  void onlyTheRedactorAndTheCollectorsMayReadRawSecurityAndTheCorrelatorNoRawTopic()
      throws Exception {
    List<JsonNode> docs = documents(Files.readString(USERS));
    // the collectors only to settle their own in-doubt spool transaction after a crash
    assertThat(readers(docs, "vigil.security.raw.v1"))
        .containsExactlyInAnyOrder("vigil-redactor", "vigil-collector");
    assertThat(readers(docs, "vigil.quarantine.v1")).containsExactly("vigil-security-admin");
    for (String raw : List.of("vigil.health.raw.v1", "vigil.posture.raw.v1")) {
      assertThat(readers(docs, raw)).doesNotContain("vigil-correlator", "vigil-siem");
    }
    assertThat(readers(docs, "vigil.security.v1")).contains("vigil-correlator", "vigil-siem");
  }

  private static List<String> readers(List<JsonNode> users, String topic) {
    List<String> names = new ArrayList<>();
    for (JsonNode user : users) {
      for (JsonNode acl : user.at("/spec/authorization/acls")) {
        if (acl.at("/resource/name").asText().equals(topic)
            && acl.get("operations").toString().contains("Read")) {
          names.add(user.at("/metadata/name").asText());
        }
      }
    }
    return names;
  }

  private static List<JsonNode> documents(String yaml) throws Exception {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
      return StreamSupport.stream(
              mapper.readValues(parser, JsonNode.class).readAll().spliterator(), false)
          .filter(n -> !n.isNull() && !n.isMissingNode() && n.size() > 0)
          .toList();
    }
  }
}
