package dev.vigil.ingest.spool;

import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts events for Kafka and never loses one it accepted.
 *
 * <p><b>Write-ahead.</b> {@link #send} serialises each event (Confluent wire format), drops those
 * whose {@code event_id} is already in the spool's duplicate window, appends the rest to the disk
 * spool and returns once they are durable ({@link FsyncPolicy}); that return is the
 * acknowledgement. A single sender thread then commits spooled records to Kafka in spool order, one
 * transaction ({@code acks=all}, idempotent) per batch, and records each commit on disk. After a
 * crash the spool is replayed from the last recorded commit; a transaction whose commit was in
 * doubt is settled first (see {@link Sender}), so each accepted event reaches its topic exactly
 * once for {@code read_committed} readers. See {@code ingest/README.md (section 1)}.
 */
public final class DurableProducer implements AutoCloseable, EventSink {
  private static final Logger LOGGER = LoggerFactory.getLogger(DurableProducer.class);

  private final Spool spool;
  private final Serializer<SpecificRecord> valueSerializer;
  private final SpoolMetrics metrics;
  private final Sender sender;
  private final Thread senderThread;

  /**
   * How long {@link #close} lets the sender finish its batch before it aborts the sender's Kafka
   * call; an idle sender stops within 200 ms.
   */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private DurableProducer(
      Spool spool,
      DurableProducerConfig config,
      Serializer<SpecificRecord> valueSerializer,
      OpenTelemetry otel,
      Sender.CrashPoints crashPoints) {
    this.spool = spool;
    this.valueSerializer = valueSerializer;
    this.metrics = new SpoolMetrics(otel, spool);
    this.sender = new Sender(spool, config, metrics, crashPoints);
    this.senderThread = new Thread(sender, "vigil-spool-sender");
    this.senderThread.setDaemon(true);
  }

  /**
   * Opens (and recovers) the spool and starts delivering to Kafka in the background.
   *
   * @param valueSerializer writes the Confluent wire format, e.g. {@code new
   *     AvroSerializer<SpecificRecord>(SchemaRegistryClients.create(url, Map.of()), false)}
   * @throws IOException if the spool directory cannot be locked or is corrupt
   */
  public static DurableProducer open(
      DurableProducerConfig config, Serializer<SpecificRecord> valueSerializer, OpenTelemetry otel)
      throws IOException {
    return open(config, valueSerializer, otel, Sender.CrashPoints.NONE);
  }

  static DurableProducer open(
      DurableProducerConfig config,
      Serializer<SpecificRecord> valueSerializer,
      OpenTelemetry otel,
      Sender.CrashPoints crashPoints)
      throws IOException {
    Objects.requireNonNull(valueSerializer, "valueSerializer");
    Spool spool = Spool.open(config.spool());
    DurableProducer producer =
        new DurableProducer(spool, config, valueSerializer, otel, crashPoints);
    producer.senderThread.start();
    return producer;
  }

  /**
   * Accepts a batch, all or nothing: on return every event is durable in the spool (or was a
   * duplicate of one that is).
   *
   * @throws SpoolFullException when the batch does not fit; nothing was accepted
   * @throws IOException when the spool cannot write; nothing of it may be assumed accepted
   * @throws org.apache.kafka.common.errors.SerializationException when a value cannot be serialised
   *     (e.g. the schema registry is unreachable for a schema not yet cached)
   */
  @Override
  public AppendResult send(List<OutgoingEvent> events) throws SpoolFullException, IOException {
    List<SpoolEntry> entries = new ArrayList<>(events.size());
    for (OutgoingEvent e : events) {
      byte[] key = e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
      byte[] value = valueSerializer.serialize(e.topic(), e.value());
      entries.add(SpoolEntry.pending(e.topic(), key, value, e.headers(), e.eventId()));
    }
    Spool.Appended appended;
    try {
      appended = spool.append(entries);
    } catch (SpoolFullException full) {
      metrics.rejectedFull(events.size());
      LOGGER
          .atWarn()
          .addKeyValue("events", events.size())
          .addKeyValue("undeliveredBytes", full.depthBytes())
          .addKeyValue("maxBytes", full.maxBytes())
          .log("spool full: batch rejected");
      throw full;
    }
    metrics.appended(appended.accepted(), appended.duplicates());
    return new AppendResult(appended.accepted(), appended.duplicates(), appended.lastSeq());
  }

  /** {@link #send(List)} for one event. */
  public AppendResult send(OutgoingEvent event) throws SpoolFullException, IOException {
    return send(List.of(event));
  }

  /** Waits until every event up to spool sequence {@code seq} is committed to Kafka. */
  public boolean awaitDelivered(long seq, Duration timeout) throws InterruptedException {
    return sender.awaitDelivered(seq, timeout);
  }

  /** The current Kafka session is up (the last transaction or {@code initTransactions} worked). */
  public boolean kafkaReachable() {
    return sender.connected();
  }

  /** Undelivered records in the spool. */
  public long depthRecords() {
    return spool.depthRecords();
  }

  /** Undelivered bytes in the spool. */
  public long depthBytes() {
    return spool.depthBytes();
  }

  /** Spool capacity in bytes. */
  public long maxBytes() {
    return spool.maxBytes();
  }

  /**
   * Stops delivering and closes the spool. Undelivered records stay on disk and are sent by the
   * next {@link #open}.
   */
  @Override
  public void close() throws IOException {
    sender.stop();
    try {
      senderThread.join(STOP_GRACE.toMillis());
      if (senderThread.isAlive()) {
        // blocked in a Kafka call (a batch Kafka keeps refusing, a slow commit): end it
        LOGGER
            .atWarn()
            .addKeyValue("grace_ms", STOP_GRACE.toMillis())
            .addKeyValue("undeliveredRecords", spool.depthRecords())
            .log("spool: sender still in a Kafka call at stop; aborting it (records stay spooled)");
        // again each second: a session starting right then opens a producer the first one missed
        for (int i = 0; i < 5 && senderThread.isAlive(); i++) {
          sender.abort();
          senderThread.join(1_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    metrics.close();
    if (senderThread.isAlive()) {
      // the spool must not be closed under the sender's feet: leave it to the process's exit
      LOGGER.atError().log("spool: sender did not stop; spool left open");
      return;
    }
    spool.close();
  }
}
