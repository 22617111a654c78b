package dev.vigil.deploy;

import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Renders Strimzi {@code KafkaTopic} and {@code KafkaUser} manifests from the topic catalogue, so
 * the checked-in files in {@code deploy/kubernetes/} can be verified against it: one topic per
 * catalogue entry with its partitions, cleanup policy and retention, and one least-privilege user
 * per principal with exactly the READ/WRITE ACLs the catalogue grants it (docs/design.md §3, §8).
 */
public final class StrimziManifests {
  public static final String CLUSTER_LABEL = "strimzi.io/cluster";
  private static final String HEADER =
      "# Generated from dev.vigil.schemas.catalog.Topics by dev.vigil.deploy.StrimziManifests.\n"
          + "# Do not edit: regenerate with\n"
          + "#   mvn -B -pl deploy -am test -Dtest=StrimziManifestsTest -Dvigil.deploy.regenerate=true"
          + " -Dsurefire.failIfNoSpecifiedTests=false\n";

  private StrimziManifests() {}

  /** KafkaTopic resources for every catalogue topic. */
  public static String topics(String cluster, int replicas) {
    StringBuilder yaml = new StringBuilder(HEADER);
    for (Topic<?> topic : Topics.ALL) {
      yaml.append("---\n")
          .append("apiVersion: kafka.strimzi.io/v1beta2\n")
          .append("kind: KafkaTopic\n")
          .append("metadata:\n")
          .append("  name: ")
          .append(topic.name().replace('.', '-'))
          .append("\n  labels:\n    ")
          .append(CLUSTER_LABEL)
          .append(": ")
          .append(cluster)
          .append("\n  annotations:\n    vigil.dev/description: \"")
          .append(topic.description().replace("\"", "'"))
          .append("\"\nspec:\n  topicName: ")
          .append(topic.name())
          .append("\n  partitions: ")
          .append(topic.partitions())
          .append("\n  replicas: ")
          .append(replicas)
          .append("\n  config:\n");
      new TreeSet<>(topic.configs().keySet())
          .forEach(
              k ->
                  yaml.append("    ")
                      .append(k)
                      .append(": \"")
                      .append(topic.configs().get(k))
                      .append("\"\n"));
      yaml.append("    min.insync.replicas: \"").append(Math.min(2, replicas)).append("\"\n");
    }
    return yaml.toString();
  }

  /**
   * KafkaUser resources: one per principal, with exactly the ACLs of {@link AccessPolicy} (topics
   * from the catalogue, plus groups, Streams internal topics and transactional ids).
   */
  public static String users(String cluster) {
    StringBuilder yaml = new StringBuilder(HEADER);
    for (AccessPolicy.Identity identity : AccessPolicy.defaults().values()) {
      yaml.append("---\n")
          .append("apiVersion: kafka.strimzi.io/v1beta2\n")
          .append("kind: KafkaUser\n")
          .append("metadata:\n")
          .append("  name: ")
          .append(identity.user())
          .append("\n  labels:\n    ")
          .append(CLUSTER_LABEL)
          .append(": ")
          .append(cluster)
          .append("\nspec:\n  authentication:\n    type: scram-sha-512\n  authorization:\n")
          .append("    type: simple\n    acls:\n");
      for (AccessPolicy.Grant grant : identity.grants()) {
        yaml.append("      - resource:\n          type: ")
            .append(strimziType(grant.resourceType()))
            .append("\n          name: ")
            .append(grant.name())
            .append("\n          patternType: ")
            .append(grant.patternType() == PatternType.PREFIXED ? "prefix" : "literal")
            .append("\n        operations: [")
            .append(strimziOperation(grant.operation()))
            .append("]\n");
      }
    }
    return yaml.toString();
  }

  private static String strimziType(ResourceType type) {
    return switch (type) {
      case TOPIC -> "topic";
      case GROUP -> "group";
      case TRANSACTIONAL_ID -> "transactionalId";
      case CLUSTER -> "cluster";
      default -> throw new IllegalArgumentException("no Strimzi resource type for " + type);
    };
  }

  private static String strimziOperation(AclOperation operation) {
    return switch (operation) {
      case ALL -> "All";
      case READ -> "Read";
      case WRITE -> "Write";
      case DESCRIBE -> "Describe";
      case CREATE -> "Create";
      case DELETE -> "Delete";
      case ALTER -> "Alter";
      default -> throw new IllegalArgumentException("no Strimzi operation for " + operation);
    };
  }
}
