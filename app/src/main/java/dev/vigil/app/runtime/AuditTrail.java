package dev.vigil.app.runtime;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.streams.audit.AuditKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and appends chains of {@code vigil.audit.v1} outside the Streams apps (the {@code keys} and
 * {@code access} commands, the break-glass revoker). A chain has one writer at a time: its head
 * (last seq and hash) is read from the topic first, so an unreachable trail stops a command before
 * anything changes, and the sealed record is sent with acks=all. Two writers on one chain would
 * fork it, which {@code vigil audit verify} reports.
 *
 * <p>Records are keyed with the audit MAC key, and every append is followed by a signed checkpoint
 * of the new head (reason {@code shutdown}: the writer is done), sent by the same idempotent
 * producer, so a chain written by commands ends with a checkpoint.
 */
public final class AuditTrail {
  /** How long a read to the end or an append may take. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, Object> connection;
  private final SchemaRegistryClient registry;
  private final String clientId;
  private final AuditKeys keys;

  /**
   * @param connection Kafka client properties of a principal that may read and write the audit
   *     topic
   * @param registry the registry (owned by the caller)
   * @param clientId the Kafka client id of the reads and writes
   * @param keys the audit keys the appended records are keyed and checkpointed with
   */
  public AuditTrail(
      Map<String, Object> connection,
      SchemaRegistryClient registry,
      String clientId,
      AuditKeys keys) {
    this.connection = Map.copyOf(connection);
    this.registry = registry;
    this.clientId = clientId;
    this.keys = keys;
  }

  /**
   * What {@link #append} wrote.
   *
   * @param record the sealed entry
   * @param head the chain's head after it and its checkpoint
   */
  public record Appended(AuditRecord record, AuditChain.Head head) {}

  /** The audit topic's record decoder. */
  public Deserializer<AuditRecord> decoder() {
    return TopicSerdes.value(Topics.AUDIT, registry).deserializer();
  }

  /** A consumer of the audit topic's only partition, positioned at its beginning. */
  public KafkaConsumer<byte[], byte[]> consumerFromStart() {
    KafkaConsumer<byte[], byte[]> consumer = Clients.readCommittedConsumer(connection, clientId);
    try {
      TopicPartition tp = partition(consumer);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      return consumer;
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /**
   * A consumer of committed records in consumer group {@code groupId} (no offsets committed), not
   * yet subscribed: the group's assignment of the audit topic's only partition makes one member of
   * all that share the group its reader.
   */
  public KafkaConsumer<byte[], byte[]> groupConsumer(String groupId) {
    Map<String, Object> props = new java.util.HashMap<>(connection);
    props.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, groupId);
    return Clients.readCommittedConsumer(props, clientId);
  }

  /** The records of {@code chains}, in order, from the beginning to the topic's current end. */
  public List<AuditRecord> read(Set<String> chains) {
    Deserializer<AuditRecord> decoder = decoder();
    List<AuditRecord> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumerFromStart()) {
      TopicPartition tp = consumer.assignment().iterator().next();
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(tp) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              Topics.AUDIT.name() + ": end not reached within " + TIMEOUT.toSeconds() + "s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() >= end) {
            break;
          }
          AuditRecord a = decoder.deserialize(r.topic(), r.value());
          if (chains.contains(a.getChain().toString())) {
            out.add(a);
          }
        }
      }
    }
    return out;
  }

  /** The head after the last of {@code records} that belongs to {@code chain}. */
  public static AuditChain.Head head(String chain, List<AuditRecord> records) {
    AuditChain.Head head = AuditChain.Head.genesis();
    for (AuditRecord r : records) {
      if (chain.equals(r.getChain().toString())) {
        head = AuditChain.Head.after(r);
      }
    }
    return head;
  }

  /**
   * Seals and keys {@code entry} after {@code head} on {@code chain}, then appends a signed
   * checkpoint of it; returns once both are acknowledged.
   */
  public Appended append(String chain, AuditChain.Head head, AuditEntry entry) throws Exception {
    AuditRecord record = AuditChain.seal(chain, head, entry, keys);
    AuditRecord checkpoint =
        AuditChain.checkpoint(
            chain,
            AuditChain.Head.after(record),
            entry.occurredAt(),
            clientId,
            AuditChain.CheckpointReason.SHUTDOWN,
            keys);
    try (KafkaProducer<String, AuditRecord> producer =
        Clients.producer(
            connection,
            clientId,
            new StringSerializer(),
            TopicSerdes.value(Topics.AUDIT, registry).serializer())) {
      var first = producer.send(new ProducerRecord<>(Topics.AUDIT.name(), chain, record));
      producer
          .send(new ProducerRecord<>(Topics.AUDIT.name(), chain, checkpoint))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS); // a failed record send must not pass
    }
    return new Appended(record, AuditChain.Head.after(checkpoint));
  }

  private static TopicPartition partition(KafkaConsumer<byte[], byte[]> consumer) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.AUDIT.name(), TIMEOUT).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (partitions.size() != 1) {
      throw new IllegalStateException(
          Topics.AUDIT.name() + " must exist with one partition (found " + partitions.size() + ")");
    }
    return partitions.get(0);
  }
}
