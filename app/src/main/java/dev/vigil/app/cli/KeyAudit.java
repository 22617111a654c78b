package dev.vigil.app.cli;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Appends {@code vigil keys} actions to the {@code keys} chain of {@code vigil.audit.v1}: the head
 * (last seq and hash of that chain) is read from the topic first — so an unreachable audit trail
 * stops the command before any key changes — and the sealed record is appended after the action
 * (acks=all). The chain has one writer at a time (whoever runs {@code vigil keys}); two operators
 * rotating at the same moment would fork it, which {@code vigil audit verify} reports.
 */
final class KeyAudit implements AutoCloseable {
  static final String CHAIN = "keys";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ClientOptions client;
  private final SchemaRegistryClient registry;
  private final AuditChain.Head head;

  private KeyAudit(ClientOptions client, SchemaRegistryClient registry, AuditChain.Head head) {
    this.client = client;
    this.registry = registry;
    this.head = head;
  }

  /** Reads the chain head; throws when the audit trail cannot be read. */
  static KeyAudit open(ClientOptions client) {
    SchemaRegistryClient registry = client.registryClient();
    try (KafkaConsumer<byte[], byte[]> consumer =
        client.readCommittedConsumer(PlatformCredentials.ADMIN, "vigil-keys")) {
      return new KeyAudit(
          client,
          registry,
          head(consumer, TopicSerdes.value(Topics.AUDIT, registry).deserializer()));
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  private static AuditChain.Head head(
      KafkaConsumer<byte[], byte[]> consumer, Deserializer<AuditRecord> decoder) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.AUDIT.name(), TIMEOUT).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (partitions.size() != 1) {
      throw new IllegalStateException(
          Topics.AUDIT.name() + " must exist with one partition (found " + partitions.size() + ")");
    }
    TopicPartition tp = partitions.get(0);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    long end = consumer.endOffsets(partitions).get(tp);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    AuditChain.Head head = AuditChain.Head.genesis();
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
        if (CHAIN.equals(a.getChain().toString())) {
          head = AuditChain.Head.after(a);
        }
      }
    }
    return head;
  }

  /** Seals and sends one record; returns it once the broker acknowledged it. */
  AuditRecord append(String actor, AuditAction action, String subject, Map<String, String> details)
      throws Exception {
    AuditRecord record =
        AuditChain.seal(
            CHAIN, head, AuditEntry.of(Instant.now(), actor, action, subject, details, null));
    try (KafkaProducer<String, AuditRecord> producer =
        client.producer(
            PlatformCredentials.ADMIN,
            "vigil-keys",
            new StringSerializer(),
            TopicSerdes.value(Topics.AUDIT, registry).serializer())) {
      producer
          .send(new ProducerRecord<>(Topics.AUDIT.name(), CHAIN, record))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    return record;
  }

  @Override
  public void close() {
    registry.close();
  }
}
