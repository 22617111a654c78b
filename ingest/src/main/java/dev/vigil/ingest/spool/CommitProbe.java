package dev.vigil.ingest.spool;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Decides whether the transaction of a persisted {@link SpoolState.Intent} committed, by reading
 * the offset of its first record with a {@code read_committed} consumer. Call it only after {@code
 * initTransactions()} of the same transactional id, which completes or aborts that transaction. A
 * transaction is atomic, so one record tells for the whole batch.
 */
final class CommitProbe {
  enum Outcome {
    COMMITTED,
    ABORTED,
    /** The offset is gone (retention): the outcome cannot be known. */
    UNKNOWABLE,
    /** Not decided before the deadline: try again later. */
    UNDECIDED
  }

  private final Map<String, Object> kafka;
  private final Duration timeout;

  CommitProbe(Map<String, Object> kafka, Duration timeout) {
    this.kafka = kafka;
    this.timeout = timeout;
  }

  Outcome check(SpoolState.Intent intent) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-spool-probe");
    TopicPartition tp = new TopicPartition(intent.topic(), intent.partition());
    long offset = intent.offset();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      while (System.nanoTime() < deadline) {
        try {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.offset() == offset) {
              return Outcome.COMMITTED;
            }
            if (r.offset() > offset) {
              return Outcome.ABORTED;
            }
          }
          if (consumer.position(tp, Duration.ofSeconds(5)) > offset) {
            return Outcome.ABORTED; // skipped as aborted data or a control record
          }
        } catch (OffsetOutOfRangeException e) {
          return Outcome.UNKNOWABLE;
        }
      }
      return Outcome.UNDECIDED;
    }
  }
}
