package dev.vigil.ingest.spool;

import dev.vigil.schemas.logging.Causes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that moves spooled records to Kafka, in spool order, one transaction per batch.
 *
 * <p>Per batch: wait up to {@link #LINGER_MS} for a full batch, begin, send, flush (offsets known),
 * persist the intent (first record's offset) together with the previous batch's ack, commit, wake
 * the waiting requests. The ack of the last batch is persisted when the sender goes idle. Any
 * failure ends the session: the producer is dropped and a new one calls {@code initTransactions()},
 * which aborts or completes the old transaction; then the intent is resolved by {@link CommitProbe}
 * before anything is re-sent. So every spooled record reaches the topic exactly once, also across a
 * crash at any point.
 */
final class Sender implements Runnable {
  private static final Logger LOGGER = LoggerFactory.getLogger(Sender.class);
  private static final long MAX_BATCH_BYTES = 8L << 20;

  /**
   * How long a transaction that is not full waits for more durable records before it starts: the
   * requests being written at that moment join it instead of waiting for the next one (group
   * commit). In {@code vigil bench ingest}, 5 ms raised HTTP ingest by 1–23 % over no wait in three
   * rounds, and 10 ms was no better (docs/benchmarks/ingest-http.md); a lone request pays it once.
   */
  private static final long LINGER_MS = 5;

  /** Test seam: where a crash can be injected. */
  interface CrashPoints {
    CrashPoints NONE = new CrashPoints() {};

    default void afterCommit(long endSeq) {}
  }

  private final Spool spool;
  private final DurableProducerConfig config;
  private final SpoolMetrics metrics;
  private final CrashPoints crashPoints;
  private final Supplier<Producer<byte[], byte[]>> producers;
  private final CommitProbe probe;
  private final Object deliveredMonitor = new Object();
  private volatile boolean stopped;
  private volatile boolean connected;
  private volatile Producer<byte[], byte[]> producer;

  Sender(Spool spool, DurableProducerConfig config, SpoolMetrics metrics, CrashPoints crashPoints) {
    this.spool = spool;
    this.config = config;
    this.metrics = metrics;
    this.crashPoints = crashPoints;
    this.producers = () -> newProducer(config);
    this.probe = new CommitProbe(config.kafka(), Duration.ofSeconds(30));
  }

  private static Producer<byte[], byte[]> newProducer(DurableProducerConfig config) {
    Map<String, Object> props = new HashMap<>(config.kafka());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vigil-spool-" + config.transactionalId());
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  boolean connected() {
    return connected;
  }

  void stop() {
    stopped = true;
  }

  /**
   * Ends the Kafka call the sender may be blocked in ({@code initTransactions}, {@code flush} of a
   * batch Kafka keeps refusing, {@code commitTransaction}: up to the delivery timeout) by closing
   * its producer at once, from the stopping thread. The open transaction is aborted by the broker
   * (or by the next session's {@code initTransactions}); its records are not acked, so they stay
   * spooled and the next session sends them, exactly once as after a crash.
   */
  void abort() {
    Producer<byte[], byte[]> current = producer;
    if (current != null) {
      try {
        current.close(Duration.ZERO);
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
  }

  @Override
  public void run() {
    long backoffMs = 100;
    while (!stopped) {
      try {
        session();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (IOException | RuntimeException e) {
        connected = false;
        if (stopped) {
          break;
        }
        metrics.sendFailure();
        Causes.warn(LOGGER, e)
            .addKeyValue("undeliveredRecords", spool.depthRecords())
            .addKeyValue("retryInMs", backoffMs)
            .log("spool: Kafka delivery failed; records stay spooled and will be retried");
        closeProducer();
        sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, config.maxRetryBackoff().toMillis());
        continue;
      } finally {
        closeProducer();
      }
      backoffMs = 100;
    }
    connected = false;
  }

  private void session() throws IOException, InterruptedException {
    producer = producers.get();
    producer.initTransactions();
    resolveIntent();
    connected = true;
    long backlogEnd = spool.lastSeq();
    try (SpoolCursor cursor = spool.cursorAfter(spool.ackedSeq())) {
      while (!stopped) {
        if (!spool.awaitDurableAfter(cursor.nextSeq() - 1, 200)) {
          spool.storeAck(); // idle: write the last deferred ack
          continue;
        }
        // group commit: wait up to LINGER_MS for a full batch (returns at once on a backlog)
        spool.awaitDurableAfter(cursor.nextSeq() - 2 + config.maxBatchRecords(), LINGER_MS);
        List<SpoolEntry> batch =
            cursor.next(config.maxBatchRecords(), MAX_BATCH_BYTES, spool.durableSeq());
        if (!batch.isEmpty()) {
          deliver(batch, backlogEnd);
        }
      }
      spool.storeAck();
    }
  }

  /** Settles the transaction a crash (or a failed commit) left in doubt. */
  private void resolveIntent() throws IOException {
    SpoolState state = spool.state();
    if (state.intent().isEmpty()) {
      return;
    }
    SpoolState.Intent intent = state.intent().get();
    if (intent.endSeq() <= state.ackedSeq()) {
      spool.clearIntent();
      return;
    }
    CommitProbe.Outcome outcome = probe.check(intent);
    metrics.recovery(outcome);
    LOGGER
        .atInfo()
        .addKeyValue("endSeq", intent.endSeq())
        .addKeyValue("outcome", outcome)
        .log("spool: in-doubt transaction resolved");
    switch (outcome) {
      case COMMITTED -> spool.ack(intent.endSeq(), intent.batchBytes());
      case ABORTED -> spool.clearIntent();
      case UNKNOWABLE -> {
        // The probe offset was deleted by retention: re-send (at-least-once) rather than risk loss.
        LOGGER
            .atWarn()
            .addKeyValue("endSeq", intent.endSeq())
            .log("spool: outcome of an old transaction unknowable; re-sending (may duplicate)");
        spool.clearIntent();
      }
      case UNDECIDED -> throw new IllegalStateException("in-doubt transaction not yet decided");
    }
  }

  private void deliver(List<SpoolEntry> batch, long backlogEnd)
      throws IOException, InterruptedException {
    producer.beginTransaction();
    List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
    long bytes = 0;
    for (SpoolEntry e : batch) {
      sent.add(
          producer.send(new ProducerRecord<>(e.topic(), null, e.key(), e.value(), e.headers())));
      bytes += e.frameBytes();
    }
    producer.flush();
    RecordMetadata first;
    try {
      first = sent.get(0).get();
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "send failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
    }
    long endSeq = batch.get(batch.size() - 1).seq();
    spool.writeIntent(
        new SpoolState.Intent(endSeq, bytes, first.topic(), first.partition(), first.offset()));
    producer.commitTransaction();
    crashPoints.afterCommit(endSeq);
    // Committed: the waiting requests may answer now. The ack rides on the next intent's write
    // (or the idle write); a crash before that resolves this intent as committed on restart.
    spool.ackDeferred(endSeq, bytes);
    synchronized (deliveredMonitor) {
      deliveredMonitor.notifyAll();
    }
    long replayed = batch.stream().filter(e -> e.seq() <= backlogEnd).count();
    metrics.delivered(batch.size(), replayed);
  }

  /** Waits until every record up to {@code seq} is committed to Kafka. */
  boolean awaitDelivered(long seq, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (deliveredMonitor) {
      while (spool.ackedSeq() < seq) {
        long leftMs = (deadline - System.nanoTime()) / 1_000_000;
        if (leftMs <= 0) {
          return false;
        }
        deliveredMonitor.wait(Math.min(leftMs, 200));
      }
      return true;
    }
  }

  private void closeProducer() {
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException e) {
        // already failing; the next session starts afresh
      }
      producer = null;
    }
  }

  private void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }
}
