package dev.vigil.kafka.catalog;

import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least-privilege ACLs of every {@link Principal}, derived from the topic catalogue: READ on
 * each topic it reads, WRITE on each topic it writes ({@link Topic#readers()}, {@link
 * Topic#writers()}), plus what its client kind needs — a Streams app its consumer group, its
 * internal topics and transactional ids by application-id prefix; a transactional producer its
 * transactional-id prefix; a plain consumer groups under its own user name. The single source for
 * the embedded broker ({@code vigil run}) and the Strimzi {@code KafkaUser} manifests.
 */
public final class AccessPolicy {
  private AccessPolicy() {}

  /** One permission: an operation on a resource pattern (the principal is the identity's). */
  public record Grant(
      ResourceType resourceType, String name, PatternType patternType, AclOperation operation) {
    public Grant {
      Objects.requireNonNull(resourceType, "resourceType");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(patternType, "patternType");
      Objects.requireNonNull(operation, "operation");
    }

    public AclBinding binding(String user) {
      return new AclBinding(
          new ResourcePattern(resourceType, name, patternType),
          new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
  }

  /**
   * Who a principal is on the cluster and which client-side names it owns.
   *
   * @param principal the role
   * @param user the Kafka (SCRAM) user name
   * @param streamsApplicationIds Kafka Streams application ids it runs (group, internal topics and
   *     transactional ids by this prefix)
   * @param transactionalIdPrefix the prefix of a transactional producer's ids
   * @param groupPrefix the prefix of plain consumer groups it may use
   * @param group a consumer group it may use, by exact name
   */
  public record Identity(
      Principal principal,
      String user,
      Set<String> streamsApplicationIds,
      Optional<String> transactionalIdPrefix,
      Optional<String> groupPrefix,
      Optional<String> group) {
    public Identity {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(user, "user");
      streamsApplicationIds = Set.copyOf(streamsApplicationIds);
      Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
      Objects.requireNonNull(groupPrefix, "groupPrefix");
      Objects.requireNonNull(group, "group");
    }

    /** This identity's grants, topics first, in catalogue order. */
    public List<Grant> grants() {
      List<Grant> grants = new ArrayList<>();
      for (Topic<?> topic : Topics.ALL) {
        if (topic.readers().contains(principal)) {
          grants.add(topicGrant(topic.name(), AclOperation.READ));
        }
        if (topic.writers().contains(principal)) {
          grants.add(topicGrant(topic.name(), AclOperation.WRITE));
        }
      }
      for (String app : new java.util.TreeSet<>(streamsApplicationIds)) {
        grants.add(new Grant(ResourceType.GROUP, app, PatternType.LITERAL, AclOperation.READ));
        // internal topics (<app>-<name>-changelog/-repartition) and EOS-v2 transactional ids
        grants.add(
            new Grant(ResourceType.TOPIC, app + "-", PatternType.PREFIXED, AclOperation.ALL));
        grants.add(
            new Grant(
                ResourceType.TRANSACTIONAL_ID,
                app + "-",
                PatternType.PREFIXED,
                AclOperation.WRITE));
        grants.add(
            new Grant(
                ResourceType.TRANSACTIONAL_ID,
                app + "-",
                PatternType.PREFIXED,
                AclOperation.DESCRIBE));
      }
      transactionalIdPrefix.ifPresent(
          p -> {
            grants.add(
                new Grant(
                    ResourceType.TRANSACTIONAL_ID, p, PatternType.PREFIXED, AclOperation.WRITE));
            grants.add(
                new Grant(
                    ResourceType.TRANSACTIONAL_ID, p, PatternType.PREFIXED, AclOperation.DESCRIBE));
          });
      group.ifPresent(
          g ->
              grants.add(new Grant(ResourceType.GROUP, g, PatternType.LITERAL, AclOperation.READ)));
      groupPrefix.ifPresent(
          g ->
              grants.add(
                  new Grant(ResourceType.GROUP, g, PatternType.PREFIXED, AclOperation.READ)));
      return List.copyOf(grants);
    }

    public List<AclBinding> bindings() {
      return grants().stream().map(g -> g.binding(user)).toList();
    }

    /** The same role under another user name and client names (e.g. a collector per site). */
    public Identity withUser(String newUser) {
      return new Identity(
          principal, newUser, streamsApplicationIds, transactionalIdPrefix, groupPrefix, group);
    }
  }

  /** The ACLs of each identity's user, in the given order (a user named twice gets both sets). */
  public static Map<String, List<AclBinding>> aclsByUser(
      java.util.Collection<Identity> identities) {
    Map<String, List<AclBinding>> acls = new java.util.LinkedHashMap<>();
    for (Identity identity : identities) {
      acls.computeIfAbsent(identity.user(), u -> new ArrayList<>()).addAll(identity.bindings());
    }
    return acls;
  }

  /** The Kafka user of a principal: {@code vigil-<role>}, e.g. {@code vigil-status-api}. */
  public static String userName(Principal principal) {
    return "vigil-" + principal.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The Kafka user of the collector at {@code site}: {@code vigil-collector-<site>}. */
  public static String collectorUser(String site) {
    return userName(Principal.COLLECTOR) + "-" + site.toLowerCase(Locale.ROOT);
  }

  /** The spool transactional-id prefix of the collectors at {@code site}. */
  public static String collectorTransactionalIdPrefix(String site) {
    return "vigil-ingest-" + site + "-";
  }

  /**
   * Every principal with the default client names of a standard deployment: application ids {@code
   * vigil-redactor}, {@code vigil-failover}, {@code vigil-redactor-ocsf}, dispatcher group {@code
   * vigil-alerts}, collector transactional ids {@code vigil-ingest-}.
   */
  public static Map<Principal, Identity> defaults() {
    Map<Principal, Identity> map = new EnumMap<>(Principal.class);
    for (Principal p : Principal.values()) {
      map.put(p, defaultIdentity(p));
    }
    return map;
  }

  /** The default identity of one principal ({@link #defaults()}). */
  public static Identity defaultIdentity(Principal p) {
    String user = userName(p);
    return switch (p) {
      case COLLECTOR ->
          new Identity(
              p, user, Set.of(), Optional.of("vigil-ingest-"), Optional.empty(), Optional.empty());
      case REDACTOR -> redactor(p, user, "vigil-redactor");
      case CORRELATOR -> streams(p, user, "vigil-failover");
      case EXPORTER -> streams(p, user, "vigil-redactor-ocsf");
      case DISPATCHER ->
          new Identity(
              p, user, Set.of(), Optional.empty(), Optional.empty(), Optional.of("vigil-alerts"));
      default ->
          new Identity(
              p, user, Set.of(), Optional.empty(), Optional.of(user + "-"), Optional.empty());
    };
  }

  /**
   * The redactor's identity for application id {@code applicationId}: the redaction app and its
   * rule-change audit app ({@code <applicationId>-rules-audit}).
   */
  public static Identity redactor(Principal p, String user, String applicationId) {
    return new Identity(
        p,
        user,
        Set.of(applicationId, applicationId + REDACTOR_RULES_AUDIT_SUFFIX),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Suffix of the redactor's second Streams app (rule-set changes to the audit trail). */
  public static final String REDACTOR_RULES_AUDIT_SUFFIX = "-rules-audit";

  private static Identity streams(Principal p, String user, String applicationId) {
    return new Identity(
        p, user, Set.of(applicationId), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static Grant topicGrant(String topic, AclOperation operation) {
    return new Grant(ResourceType.TOPIC, topic, PatternType.LITERAL, operation);
  }
}
