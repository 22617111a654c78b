package dev.vigil.app.access;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/** The ACL side of break-glass grants, on an {@link Admin} of a principal allowed to alter ACLs. */
public final class AccessControl {
  private static final long TIMEOUT_S = 30;

  private final Admin admin;

  public AccessControl(Admin admin) {
    this.admin = admin;
  }

  /** Whether the grant's exact ACL exists now. */
  public boolean exists(AccessGrant grant) throws Exception {
    return !get(admin.describeAcls(grant.binding().toFilter()).values()).isEmpty();
  }

  /**
   * Creates the grant's ACL. Refused when that exact ACL exists already: it is then a standing
   * permission (or another live grant) which revoking this grant would delete.
   */
  public void create(AccessGrant grant) throws Exception {
    if (exists(grant)) {
      throw new IllegalStateException(
          "User:"
              + grant.principal()
              + " already has "
              + grant.operation().wire()
              + " on "
              + grant.topic()
              + ": nothing to grant");
    }
    get(admin.createAcls(List.of(grant.binding())).all());
  }

  /** Deletes the grant's ACL (nothing else); returns how many bindings were deleted (0 or 1). */
  public int delete(AccessGrant grant) throws Exception {
    AclBindingFilter exact = grant.binding().toFilter();
    Collection<AclBinding> deleted = get(admin.deleteAcls(List.of(exact)).all());
    return deleted.size();
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future)
      throws InterruptedException, TimeoutException, Exception {
    try {
      return future.get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
