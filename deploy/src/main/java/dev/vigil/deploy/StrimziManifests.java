package dev.vigil.deploy;

import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
   * KafkaUser resources: one per principal, with READ on what it reads and WRITE on what it writes.
   */
  public static String users(String cluster) {
    Map<Principal, Set<String>> reads = new EnumMap<>(Principal.class);
    Map<Principal, Set<String>> writes = new EnumMap<>(Principal.class);
    for (Topic<?> topic : Topics.ALL) {
      topic
          .readers()
          .forEach(p -> reads.computeIfAbsent(p, x -> new TreeSet<>()).add(topic.name()));
      topic
          .writers()
          .forEach(p -> writes.computeIfAbsent(p, x -> new TreeSet<>()).add(topic.name()));
    }
    StringBuilder yaml = new StringBuilder(HEADER);
    for (Principal principal : Principal.values()) {
      yaml.append("---\n")
          .append("apiVersion: kafka.strimzi.io/v1beta2\n")
          .append("kind: KafkaUser\n")
          .append("metadata:\n")
          .append("  name: vigil-")
          .append(principal.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
          .append("\n  labels:\n    ")
          .append(CLUSTER_LABEL)
          .append(": ")
          .append(cluster)
          .append("\nspec:\n  authentication:\n    type: scram-sha-512\n  authorization:\n")
          .append("    type: simple\n    acls:\n");
      List<String[]> acls = new java.util.ArrayList<>();
      reads.getOrDefault(principal, Set.of()).forEach(t -> acls.add(new String[] {t, "Read"}));
      reads.getOrDefault(principal, Set.of()).forEach(t -> acls.add(new String[] {t, "Describe"}));
      writes.getOrDefault(principal, Set.of()).forEach(t -> acls.add(new String[] {t, "Write"}));
      for (String[] acl : acls) {
        yaml.append("      - resource:\n          type: topic\n          name: ")
            .append(acl[0])
            .append("\n          patternType: literal\n        operations: [")
            .append(acl[1])
            .append("]\n");
      }
      if (reads.containsKey(principal)) {
        yaml.append(
            "      - resource:\n          type: group\n          name: vigil-\n"
                + "          patternType: prefix\n        operations: [Read]\n");
      }
    }
    return yaml.toString();
  }
}
