package dev.vigil.platform.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;

/**
 * Creates the Kafka users of a secured platform on its broker, as the admin: each user's
 * SCRAM-SHA-512 credential from its password in the data dir ({@link PlatformCredentials}) and its
 * ACLs. Shared by {@code vigil run} and the testkit, so both provision principals the same way.
 */
public final class PlatformUsers {
  /**
   * Kafka's minimum for SCRAM-SHA-512. The iteration count slows guessing of a weak password from a
   * leaked credential; these passwords are 256 random bits, beyond guessing at any count, while
   * every client connection pays the count again in PBKDF2 (at 8192, SCRAM was about 7 per cent of
   * the CPU samples of a {@code vigil run} restart).
   */
  private static final int SCRAM_ITERATIONS = 4096;

  private PlatformUsers() {}

  /**
   * Creates (or updates) the credential of every user of {@code aclsByUser} and creates its ACLs
   * (already existing ACLs are left as they are); with {@code clientCertificates} also issues a
   * client certificate for each user and the admin. Idempotent.
   */
  public static void provision(
      Admin admin,
      PlatformCredentials credentials,
      Map<String, List<AclBinding>> aclsByUser,
      boolean clientCertificates) {
    List<UserScramCredentialAlteration> upserts = new ArrayList<>();
    List<AclBinding> bindings = new ArrayList<>();
    aclsByUser.forEach(
        (user, acls) -> {
          upserts.add(
              new UserScramCredentialUpsertion(
                  user,
                  new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                  credentials.ensureUser(user)));
          bindings.addAll(acls);
          if (clientCertificates) {
            credentials.issueClientCertificate(user);
          }
        });
    if (clientCertificates) {
      credentials.issueClientCertificate(PlatformCredentials.ADMIN);
    }
    try {
      // Both at once: ACLs name principals, not credentials. The ACLs go first because the
      // upserts salt every password (PBKDF2) in this thread before their request is sent.
      KafkaFuture<Void> acls =
          bindings.isEmpty() ? KafkaFuture.completedFuture(null) : admin.createAcls(bindings).all();
      KafkaFuture<Void> users = admin.alterUserScramCredentials(upserts).all();
      KafkaFuture.allOf(acls, users).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create the platform's users and ACLs", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating users and ACLs", e);
    }
  }
}
