package dev.vigil.schemas.catalog;

import java.util.OptionalInt;

/**
 * How big and how replicated one catalogue topic is on a given cluster: the partition count, the
 * replication factor and {@code min.insync.replicas}. Empty replication settings mean the broker's
 * defaults (a single-node development broker). Vigil creates missing topics with these and refuses
 * to start on an existing topic that has fewer partitions than asked, a different count, fewer
 * replicas or a lower min ISR ({@link CatalogueBootstrap}).
 *
 * @param partitions the partition count
 * @param replicationFactor replicas per partition; empty = the broker's default.replication.factor
 * @param minInsyncReplicas replicas that must have a write before it is acknowledged ({@code
 *     acks=all}); empty = the broker's min.insync.replicas
 */
public record TopicSizing(
    int partitions, OptionalInt replicationFactor, OptionalInt minInsyncReplicas) {
  public static final int MAX_PARTITIONS = 1000;
  public static final int MAX_REPLICATION_FACTOR = 7;

  public TopicSizing {
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new IllegalArgumentException(
          "partitions must be 1.." + MAX_PARTITIONS + " but was " + partitions);
    }
    replicationFactor.ifPresent(
        rf -> {
          if (rf < 1 || rf > MAX_REPLICATION_FACTOR) {
            throw new IllegalArgumentException(
                "replicationFactor must be 1.." + MAX_REPLICATION_FACTOR + " but was " + rf);
          }
        });
    minInsyncReplicas.ifPresent(
        isr -> {
          if (isr < 1) {
            throw new IllegalArgumentException("minInsyncReplicas must be >= 1 but was " + isr);
          }
          if (replicationFactor.isPresent() && isr > replicationFactor.getAsInt()) {
            throw new IllegalArgumentException(
                "minInsyncReplicas ("
                    + isr
                    + ") must not exceed replicationFactor ("
                    + replicationFactor.getAsInt()
                    + "): no write could ever be acknowledged");
          }
        });
  }

  /** The catalogue's partition count and the broker's replication defaults. */
  public static TopicSizing of(Topic<?> topic) {
    return new TopicSizing(topic.partitions(), OptionalInt.empty(), OptionalInt.empty());
  }
}
