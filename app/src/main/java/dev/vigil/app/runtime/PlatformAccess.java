package dev.vigil.app.runtime;

import dev.vigil.app.components.OcsfComponent;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.platform.security.PlatformUsers;
import dev.vigil.schemas.catalog.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The principals of a secured embedded platform: one per component with the names this config gives
 * its Streams apps, groups and transactional ids, plus a collector per site; {@link #provision}
 * creates their SCRAM credentials and ACLs ({@link AccessPolicy}) as the admin.
 */
public final class PlatformAccess {
  private static final Logger LOGGER = LoggerFactory.getLogger(PlatformAccess.class);

  private PlatformAccess() {}

  /** Every principal's identity under {@code config}'s application ids, groups and sites. */
  public static List<Identity> identities(VigilConfig config) {
    List<Identity> identities = new ArrayList<>();
    for (Principal p : Principal.values()) {
      Identity defaults = AccessPolicy.defaultIdentity(p);
      identities.add(
          switch (p) {
            case REDACTOR ->
                AccessPolicy.redactor(p, defaults.user(), config.redaction().applicationId());
            case CORRELATOR -> streams(defaults, config.failoverSection().applicationId());
            case EXPORTER ->
                streams(
                    defaults,
                    config.redaction().applicationId() + OcsfComponent.APPLICATION_ID_SUFFIX);
            case DISPATCHER ->
                new Identity(
                    p,
                    defaults.user(),
                    Set.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(config.alerts().groupId()));
            default -> defaults;
          });
    }
    identities.add(collector(config.ingest().site()));
    return List.copyOf(identities);
  }

  /** The collector of one site: the collector role under {@code vigil-collector-<site>}. */
  public static Identity collector(String site) {
    return new Identity(
        Principal.COLLECTOR,
        AccessPolicy.collectorUser(site),
        Set.of(),
        Optional.of(AccessPolicy.collectorTransactionalIdPrefix(site)),
        Optional.empty(),
        Optional.empty());
  }

  private static Identity streams(Identity defaults, String applicationId) {
    return new Identity(
        defaults.principal(),
        defaults.user(),
        Set.of(applicationId),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Creates (or updates) the SCRAM-SHA-512 credential of every identity from its password in the
   * data dir and creates its ACLs; with {@code clientCertificates} also issues its client
   * certificate. Idempotent: runs on every start.
   */
  public static void provision(
      Admin admin,
      PlatformCredentials credentials,
      List<Identity> identities,
      boolean clientCertificates) {
    Map<String, List<AclBinding>> aclsByUser = AccessPolicy.aclsByUser(identities);
    PlatformUsers.provision(admin, credentials, aclsByUser, clientCertificates);
    LOGGER
        .atInfo()
        .addKeyValue("users", aclsByUser.size())
        .addKeyValue("acls", aclsByUser.values().stream().mapToInt(List::size).sum())
        .log("platform principals and ACLs in place");
  }
}
