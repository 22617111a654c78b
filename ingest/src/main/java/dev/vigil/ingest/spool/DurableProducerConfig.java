package dev.vigil.ingest.spool;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Settings of a {@link DurableProducer}.
 *
 * @param spool the on-disk spool
 * @param kafka Kafka client properties: {@code bootstrap.servers} and security settings. The keys
 *     that make the delivery guarantee ({@code acks}, idempotence, transactions, serializers) are
 *     set by the producer and rejected here.
 * @param transactionalId stable per spool directory and unique in the cluster, e.g. {@code
 *     vigil-ingest-<site>-<collector>}; it fences a previous incarnation after a crash
 * @param maxBatchRecords records per Kafka transaction
 * @param maxRetryBackoff upper bound of the growing pause between attempts while Kafka is down
 */
public record DurableProducerConfig(
    SpoolConfig spool,
    Map<String, Object> kafka,
    String transactionalId,
    int maxBatchRecords,
    Duration maxRetryBackoff) {

  private static final Set<String> OWNED =
      Set.of(
          ProducerConfig.ACKS_CONFIG,
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          "isolation.level",
          "group.id");

  public DurableProducerConfig {
    Objects.requireNonNull(spool, "spool must be set");
    kafka = Map.copyOf(kafka);
    if (!kafka.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("kafka.bootstrap.servers must be set");
    }
    for (String key : kafka.keySet()) {
      if (OWNED.contains(key)) {
        throw new IllegalArgumentException(
            "kafka." + key + " is set by the durable producer and must not be configured");
      }
    }
    if (transactionalId == null || transactionalId.isBlank()) {
      throw new IllegalArgumentException("spool.transactional-id must be set");
    }
    if (maxBatchRecords < 1) {
      throw new IllegalArgumentException(
          "spool.max-batch-records must be >= 1 but was " + maxBatchRecords);
    }
    Objects.requireNonNull(maxRetryBackoff, "spool.max-retry-backoff must be set");
  }

  /** 2000 records per transaction, back-off up to 5 s. */
  public static DurableProducerConfig of(
      SpoolConfig spool, String bootstrapServers, String transactionalId) {
    return new DurableProducerConfig(
        spool,
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        transactionalId,
        2000,
        Duration.ofSeconds(5));
  }
}
