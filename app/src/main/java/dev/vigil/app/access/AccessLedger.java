package dev.vigil.app.access;

import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.streams.audit.AuditAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live break-glass grants, rebuilt from the audit trail: an {@code access.granted} record of
 * chain {@link #GRANTS} opens a grant, an {@code access.revoked} record (chain {@link #GRANTS} for
 * an operator's early revoke, {@link #REVOCATIONS} for the revoker's) closes it. Not thread-safe.
 */
public final class AccessLedger {
  /** The chain {@code vigil access grant|revoke} writes. */
  public static final String GRANTS = "access";

  /** The chain the revoker writes (one writer per chain). */
  public static final String REVOCATIONS = "access-revoker";

  /** Both chains. */
  public static final Set<String> CHAINS = Set.of(GRANTS, REVOCATIONS);

  private final Map<String, AccessGrant> live = new LinkedHashMap<>();
  private int unreadable;

  /** A ledger of {@code records} (any chains; others are ignored). */
  public static AccessLedger of(Collection<AuditRecord> records) {
    AccessLedger ledger = new AccessLedger();
    records.forEach(ledger::apply);
    return ledger;
  }

  /** Applies one audit record; records of other chains or actions are ignored. */
  public void apply(AuditRecord record) {
    if (!CHAINS.contains(record.getChain().toString())) {
      return;
    }
    Optional<AuditAction> action = AuditAction.of(record.getAction());
    if (action.isEmpty()) {
      return;
    }
    switch (action.get()) {
      case ACCESS_GRANTED -> {
        try {
          AccessGrant grant = AccessGrant.fromDetails(record.getDetails());
          live.put(grant.id(), grant);
        } catch (RuntimeException e) {
          unreadable++;
        }
      }
      case ACCESS_REVOKED -> {
        CharSequence id = record.getDetails().get("grant");
        if (id != null) {
          live.remove(id.toString());
        }
      }
      default -> {
        // other actions are not about access
      }
    }
  }

  /** Forgets everything (before reading the trail again from its start). */
  public void clear() {
    live.clear();
    unreadable = 0;
  }

  /** Grants not revoked yet, by expiry. */
  public List<AccessGrant> live() {
    List<AccessGrant> out = new ArrayList<>(live.values());
    out.sort(Comparator.comparing(AccessGrant::expiresAt).thenComparing(AccessGrant::id));
    return out;
  }

  /** Grants whose expiry has passed at {@code now} but not revoked yet. */
  public List<AccessGrant> dueAt(Instant now) {
    return live().stream().filter(g -> g.expiredAt(now)).toList();
  }

  /** The live grant with this id. */
  public Optional<AccessGrant> find(String id) {
    return Optional.ofNullable(live.get(id));
  }

  /** {@code access.granted} records whose details could not be read (counted, not applied). */
  public int unreadable() {
    return unreadable;
  }
}
