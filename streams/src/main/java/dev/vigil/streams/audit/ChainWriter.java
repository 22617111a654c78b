package dev.vigil.streams.audit;

import dev.vigil.schemas.avro.AuditRecord;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The single writer of one keyed chain: seals entries after the stored head and appends a signed
 * checkpoint when asked and the chain moved since the last one. The head (and the head last
 * checkpointed) live in a {@link HeadStore} owned by the caller — a changelogged Kafka Streams
 * store, committed with the output, or memory for a short-lived command.
 */
public final class ChainWriter {
  /** Where the writer keeps its heads ({@code get} returns null when absent). */
  public interface HeadStore {
    String get(String key);

    void put(String key, String value);
  }

  private final String chain;
  private final String actor;
  private final HeadStore store;
  private final String headKey;
  private final AuditKeys keys;

  /**
   * @param chain the chain name
   * @param actor the {@code actor} of its checkpoints
   * @param store where the head is kept
   * @param headKey the store key of the head ({@code <headKey>#checkpointed} holds the head last
   *     checkpointed)
   * @param keys the audit keys
   */
  public ChainWriter(String chain, String actor, HeadStore store, String headKey, AuditKeys keys) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.actor = Objects.requireNonNull(actor, "actor");
    this.store = Objects.requireNonNull(store, "store");
    this.headKey = Objects.requireNonNull(headKey, "headKey");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** The current head. */
  public AuditChain.Head head() {
    String stored = store.get(headKey);
    return stored == null ? AuditChain.Head.genesis() : AuditChain.Head.decode(stored);
  }

  /** Seals and keys {@code entry} at the head and moves the head past it. */
  public AuditRecord append(AuditEntry entry) {
    AuditRecord r = AuditChain.seal(chain, head(), entry, keys);
    store.put(headKey, AuditChain.Head.after(r).encode());
    return r;
  }

  /**
   * A signed checkpoint of the head, appended and moving the head past it; empty when the chain is
   * empty or nothing was appended since the last checkpoint.
   */
  public Optional<AuditRecord> checkpointIfMoved(Instant now, AuditChain.CheckpointReason reason) {
    AuditChain.Head head = head();
    if (head.nextSeq() == 0 || head.encode().equals(store.get(headKey + "#checkpointed"))) {
      return Optional.empty();
    }
    AuditRecord cp = AuditChain.checkpoint(chain, head, now, actor, reason, keys);
    String after = AuditChain.Head.after(cp).encode();
    store.put(headKey, after);
    store.put(headKey + "#checkpointed", after);
    return Optional.of(cp);
  }
}
