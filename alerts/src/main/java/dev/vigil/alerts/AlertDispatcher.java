package dev.vigil.alerts;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.logging.Causes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@code vigil.alerts.v1} to on-call (see alerts/README.md). A plain consumer
 * (read_committed, group {@link DispatcherSettings#groupId()}) hands each alert to the queue of
 * every destination whose route wants it; each destination delivers on its own thread. Offsets are
 * committed only once every destination has delivered (or parked) the alert, so nothing is lost
 * when a destination is down for minutes or the process stops; after a restart the uncommitted
 * alerts are delivered again (the dedup key absorbs the repeat). At start the topic is read back to
 * find the alerts still open, so Alertmanager keeps getting them re-sent and their RESOLVE follows
 * them; a group that has never committed starts at the end of the topic and delivers those open
 * alerts once.
 */
public final class AlertDispatcher implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(AlertDispatcher.class);

  /** Dedup key prefix of the self-alert for a failing destination. */
  public static final String SELF_KEY_PREFIX = "vigil/self/alerts/";

  private static final Duration POLL = Duration.ofMillis(200);
  private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("destination");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

  private final DispatcherSettings settings;
  private final List<DestinationWorker> workers = new ArrayList<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<Alert> deserializer;
  private final Producer<String, Alert> producer;
  private final OffsetTracker offsets = new OffsetTracker();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private final LongCounter attempts;
  private final LongCounter read;
  private final ObservableLongGauge queued;
  private final ObservableLongGauge failing;
  private final Clock clock;

  private AlertDispatcher(
      DispatcherSettings settings,
      List<Destination> destinations,
      Map<String, Object> kafkaProperties,
      SchemaRegistryClient registry,
      OpenTelemetry openTelemetry,
      Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.consumer =
        new KafkaConsumer<>(
            consumerConfig(kafkaProperties, settings),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    this.deserializer = TopicSerdes.value(Topics.ALERTS, registry).deserializer();
    this.producer =
        new KafkaProducer<>(
            producerConfig(kafkaProperties),
            TopicSerdes.key(Topics.ALERTS).serializer(),
            TopicSerdes.value(Topics.ALERTS, registry).serializer());
    Meter meter = openTelemetry.getMeter("vigil");
    this.attempts =
        meter
            .counterBuilder("vigil.alerts.delivery.attempts")
            .setDescription("HTTP attempts to deliver alerts, by destination and outcome")
            .build();
    this.read =
        meter
            .counterBuilder("vigil.alerts.read")
            .setDescription("alerts read from vigil.alerts.v1 by the dispatcher")
            .build();
    HttpSender sender = new HttpSender();
    Set<String> names = new HashSet<>();
    for (Destination d : destinations) {
      if (!names.add(d.name())) {
        throw new IllegalArgumentException("alerts: two destinations are named " + d.name());
      }
      workers.add(new DestinationWorker(d, settings, sender, new Health(), clock));
    }
    this.queued =
        meter
            .gaugeBuilder("vigil.alerts.queued")
            .setDescription("alerts waiting for delivery, by destination")
            .ofLongs()
            .buildWithCallback(perDestination(DestinationWorker::queued));
    this.failing =
        meter
            .gaugeBuilder("vigil.alerts.destination.failing")
            .setDescription("1 while a destination's deliveries are failing")
            .ofLongs()
            .buildWithCallback(perDestination(w -> w.failingSince().isPresent() ? 1 : 0));
    this.thread = new Thread(this::run, "vigil-alerts-dispatcher");
    this.thread.setDaemon(true);
  }

  private static Map<String, Object> consumerConfig(
      Map<String, Object> kafkaProperties, DispatcherSettings settings) {
    Map<String, Object> c = new HashMap<>(kafkaProperties);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-alerts-dispatcher");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    return c;
  }

  private static Map<String, Object> producerConfig(Map<String, Object> kafkaProperties) {
    Map<String, Object> p = new HashMap<>(kafkaProperties);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-alerts-dispatcher");
    return p;
  }

  /** A gauge callback recording one value per destination worker, attribute {@code destination}. */
  private Consumer<ObservableLongMeasurement> perDestination(
      ToLongFunction<DestinationWorker> value) {
    return m ->
        workers.forEach(
            w ->
                m.record(value.applyAsLong(w), Attributes.of(DESTINATION, w.destination().name())));
  }

  /** Reads back the open alerts, starts every destination's worker, then consumes. */
  public static AlertDispatcher start(
      DispatcherSettings settings,
      List<Destination> destinations,
      Map<String, Object> kafkaProperties,
      SchemaRegistryClient registry,
      OpenTelemetry openTelemetry) {
    AlertDispatcher dispatcher =
        new AlertDispatcher(
            settings, destinations, kafkaProperties, registry, openTelemetry, Clock.systemUTC());
    try {
      dispatcher.restore();
    } catch (RuntimeException e) {
      dispatcher.close();
      throw e;
    }
    dispatcher.workers.forEach(DestinationWorker::start);
    dispatcher.thread.start();
    LOGGER
        .atInfo()
        .addKeyValue("destinations", destinations.size())
        .addKeyValue("group_id", settings.groupId())
        .log("alert dispatcher started");
    return dispatcher;
  }

  /** One destination's state, for the status API and /readyz. */
  public record DestinationStatus(
      String name,
      DestinationType type,
      int queued,
      java.util.Optional<Instant> failingSince,
      java.util.Optional<String> lastFailure) {}

  public List<DestinationStatus> statuses() {
    List<DestinationStatus> out = new ArrayList<>();
    for (DestinationWorker w : workers) {
      out.add(
          new DestinationStatus(
              w.destination().name(),
              w.destination().type(),
              w.queued(),
              w.failingSince(),
              w.lastFailure()));
    }
    return out;
  }

  /**
   * Reads the topic from its start to its end to find the alerts still open (the last message per
   * dedup key is a TRIGGER). A group that has committed nothing yet starts here: the open alerts
   * are queued for every destination once and the end offsets committed.
   */
  private void restore() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info :
        consumer.partitionsFor(Topics.ALERTS.name(), Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(info.topic(), info.partition()));
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new HashSet<>(partitions));
    boolean fresh = committed.values().stream().allMatch(o -> o == null);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    Map<String, Alert> open = new LinkedHashMap<>();
    long readBack = 0;
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
        Alert alert = decode(r);
        readBack++;
        if (alert == null) {
          continue;
        }
        if (alert.getAction() == AlertAction.TRIGGER) {
          open.put(alert.getDedupKey(), alert);
        } else {
          open.remove(alert.getDedupKey());
        }
      }
    }
    List<Alert> stillOpen = List.copyOf(open.values());
    if (fresh) {
      for (Alert alert : stillOpen) {
        for (DestinationWorker w : workers) {
          w.offer(alert, () -> {});
        }
      }
      Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
      for (TopicPartition tp : partitions) {
        start.put(tp, new OffsetAndMetadata(consumer.position(tp)));
      }
      consumer.commitSync(start);
    } else {
      workers.forEach(w -> w.restore(stillOpen));
    }
    consumer.unsubscribe();
    LOGGER
        .atInfo()
        .addKeyValue("read_back", readBack)
        .addKeyValue("open", stillOpen.size())
        .addKeyValue("first_start", fresh)
        .log("alerts still open read back from vigil.alerts.v1");
  }

  private Alert decode(ConsumerRecord<byte[], byte[]> r) {
    try {
      return deserializer.deserialize(r.topic(), r.headers(), r.value());
    } catch (RuntimeException e) {
      // a decoding error may quote the record: its DEBUG detail keeps classes and frames only
      Causes.error(LOGGER, e)
          .withoutMessages()
          .addKeyValue("topic", r.topic())
          .addKeyValue("partition", r.partition())
          .addKeyValue("offset", r.offset())
          .log("unreadable alert skipped");
      return null;
    }
  }

  private void run() {
    try {
      consumer.subscribe(
          List.of(Topics.ALERTS.name()),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              commit();
              offsets.forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
          });
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> r : records) {
          dispatch(r);
        }
        commit();
        backpressure();
      }
    } catch (WakeupException closing) {
      // close() woke the poll
    } catch (RuntimeException e) {
      Causes.error(LOGGER, e).log("alert dispatcher stopped");
    } finally {
      try {
        commit();
      } catch (RuntimeException e) {
        Causes.warn(LOGGER, e).log("last offset commit failed");
      }
    }
  }

  private void dispatch(ConsumerRecord<byte[], byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    long offset = r.offset();
    offsets.add(tp, offset); // guard: the record counts as waiting until handed to everyone
    Alert alert = decode(r);
    if (alert != null) {
      read.add(1);
      for (DestinationWorker w : workers) {
        offsets.add(tp, offset);
        if (!w.offer(alert, () -> offsets.done(tp, offset))) {
          offsets.done(tp, offset);
        }
      }
    }
    offsets.done(tp, offset);
  }

  private void commit() {
    Map<TopicPartition, OffsetAndMetadata> due = offsets.committable();
    if (!due.isEmpty()) {
      consumer.commitSync(due);
    }
  }

  private void backpressure() {
    boolean full = workers.stream().anyMatch(w -> w.queued() >= settings.maxQueued());
    Set<TopicPartition> assigned = consumer.assignment();
    if (full) {
      consumer.pause(assigned);
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  /** Self-alerts for a failing destination, and the metrics of every attempt. */
  private final class Health implements DestinationWorker.Listener {
    @Override
    public void failing(Destination d, Instant since, String reason) {
      publish(
          d,
          AlertAction.TRIGGER,
          "alert destination "
              + d.name()
              + " ("
              + d.type()
              + ") failing since "
              + since
              + ": "
              + reason
              + "; its alerts are held and retried",
          reason);
    }

    @Override
    public void recovered(Destination d) {
      publish(
          d, AlertAction.RESOLVE, "alert destination " + d.name() + " delivers again", "recovered");
    }

    @Override
    public void attempted(Destination d, Outcome outcome) {
      String name =
          outcome instanceof Outcome.Delivered
              ? "delivered"
              : outcome instanceof Outcome.Retry ? "retry" : "rejected";
      attempts.add(1, Attributes.of(DESTINATION, d.name(), OUTCOME, name));
    }

    private void publish(Destination d, AlertAction action, String summary, String reason) {
      Map<String, String> details = new TreeMap<>();
      details.put("destination", d.name());
      details.put("type", d.type().name());
      details.put("reason", reason);
      Alert alert =
          Alert.newBuilder()
              .setAlertId("alr-" + UUID.randomUUID())
              .setDedupKey(SELF_KEY_PREFIX + d.name())
              .setAction(action)
              .setSeverity(AlertSeverity.SEV2)
              .setService("vigil")
              .setSite(null)
              .setSummary(summary)
              .setEvidence(new ArrayList<>())
              .setDetails(details)
              .setCreatedAt(clock.instant())
              .build();
      try {
        producer.send(
            new ProducerRecord<>(Topics.ALERTS.name(), alert.getDedupKey(), alert),
            (md, e) -> {
              if (e != null) {
                Causes.error(LOGGER, e)
                    .addKeyValue("destination", d.name())
                    .log("cannot publish the self-alert for a failing destination");
              }
            });
      } catch (RuntimeException e) {
        Causes.error(LOGGER, e)
            .addKeyValue("destination", d.name())
            .log("cannot publish the self-alert for a failing destination");
      }
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    if (thread.isAlive()) {
      try {
        thread.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    workers.forEach(DestinationWorker::close);
    try {
      if (!thread.isAlive()) {
        consumer.close(Duration.ofSeconds(5));
      }
    } catch (RuntimeException e) {
      Causes.warn(LOGGER, e).log("closing the alert consumer failed");
    }
    producer.close(Duration.ofSeconds(5));
    queued.close();
    failing.close();
  }
}
