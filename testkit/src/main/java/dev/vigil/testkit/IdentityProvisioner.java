package dev.vigil.testkit;

import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.platform.security.PlatformUsers;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.awaitility.Awaitility;

/**
 * The principals of a secured test platform (one broker or a cluster): creates an identity's user
 * and ACLs once, as the admin, with {@link PlatformUsers} as {@code vigil run} does, and gives its
 * client properties. Shared by {@link EmbeddedBackend} and {@link ClusterPlatform}.
 */
final class IdentityProvisioner {
  private final PlatformCredentials credentials;
  private final Supplier<Map<String, Object>> adminProperties;
  private final Set<Identity> provisioned = new HashSet<>();

  /**
   * @param adminProperties the admin's client properties, bootstrap included
   */
  IdentityProvisioner(
      PlatformCredentials credentials, Supplier<Map<String, Object>> adminProperties) {
    this.credentials = credentials;
    this.adminProperties = adminProperties;
  }

  /** The identity's own SASL_SSL client properties on {@code bootstrap}, after provisioning it. */
  Map<String, Object> clientProperties(Identity identity, String bootstrap) {
    provision(identity);
    Map<String, Object> p = new HashMap<>(credentials.clientProperties(identity.user()));
    p.put("bootstrap.servers", bootstrap);
    return p;
  }

  /**
   * Creates the identity's user and ACLs once, then waits until the authorizer holds them (the
   * controller commits ACLs before the broker applies them), so the first request is allowed.
   */
  private synchronized void provision(Identity identity) {
    if (provisioned.contains(identity)) {
      return;
    }
    List<AclBinding> expected = identity.bindings();
    try (Admin admin = Admin.create(adminProperties.get())) {
      PlatformUsers.provision(
          admin, credentials, AccessPolicy.aclsByUser(List.of(identity)), false);
      Awaitility.await("ACLs of " + identity.user() + " in force")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(expected));
    }
    provisioned.add(identity);
  }
}
