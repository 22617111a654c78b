package dev.vigil.streams.runtime;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.logging.Causes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts on {@code vigil.alerts.v1} when a Streams app of this process is down (rules: {@link
 * OutageAlerts}), written with a plain idempotent producer ({@code acks=all}) keyed by the dedup
 * key. Checks every {@code checkInterval}, at once when an app reaches ERROR, and a last time on
 * close (before the apps close), so the alert of an app that ended in ERROR is out before the
 * process exits. Open alerts are kept in {@code openAlertsFile} so the next process resolves them.
 */
public final class StreamsSupervisor implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(StreamsSupervisor.class);

  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  private final StreamsHealth health;
  private final OutageAlerts rules;
  private final Producer<String, Alert> producer;
  private final Clock clock;
  private final Optional<Path> openAlertsFile;
  private final ScheduledExecutorService scheduler;

  /**
   * Settings of the supervisor.
   *
   * @param grace how long an app may be not ready (not RUNNING/REBALANCING) before a TRIGGER; ERROR
   *     alerts at once
   * @param checkInterval how often the apps' statuses are evaluated
   * @param openAlertsFile where open alerts survive a restart; empty = memory only
   */
  public record Settings(Duration grace, Duration checkInterval, Optional<Path> openAlertsFile) {
    public Settings {
      Objects.requireNonNull(grace, "grace");
      Objects.requireNonNull(checkInterval, "checkInterval");
      Objects.requireNonNull(openAlertsFile, "openAlertsFile");
      if (grace.isNegative() || checkInterval.isNegative() || checkInterval.isZero()) {
        throw new IllegalArgumentException("grace must be >= 0 and checkInterval > 0");
      }
    }
  }

  private StreamsSupervisor(
      StreamsHealth health,
      Settings settings,
      Producer<String, Alert> producer,
      Clock clock,
      Map<String, AlertSeverity> open) {
    this.health = health;
    this.rules = new OutageAlerts(settings.grace(), open);
    this.producer = producer;
    this.clock = clock;
    this.openAlertsFile = settings.openAlertsFile();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-streams-supervisor");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts supervising the apps of {@code health}, writing alerts through {@code registry}. */
  public static StreamsSupervisor start(
      StreamsHealth health,
      Settings settings,
      Map<String, Object> clientProperties,
      SchemaRegistryClient registry) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-streams-supervisor");
    KafkaProducer<String, Alert> producer =
        new KafkaProducer<>(
            props,
            TopicSerdes.key(Topics.ALERTS).serializer(),
            TopicSerdes.value(Topics.ALERTS, registry).serializer());
    return start(health, settings, producer, Clock.systemUTC());
  }

  static StreamsSupervisor start(
      StreamsHealth health, Settings settings, Producer<String, Alert> producer, Clock clock) {
    StreamsSupervisor supervisor =
        new StreamsSupervisor(health, settings, producer, clock, load(settings.openAlertsFile()));
    long everyMs = settings.checkInterval().toMillis();
    supervisor.scheduler.scheduleWithFixedDelay(
        supervisor::checkQuietly, everyMs, everyMs, TimeUnit.MILLISECONDS);
    health.onChange(
        s -> {
          if (s.state() == KafkaStreams.State.ERROR) {
            try {
              supervisor.scheduler.execute(supervisor::checkQuietly);
            } catch (RejectedExecutionException closing) {
              // closing: close() checks a last time itself
            }
          }
        });
    return supervisor;
  }

  /** Evaluates the apps' statuses now and sends the alerts that are due. */
  synchronized void check() {
    List<Alert> due = rules.evaluate(health.statuses(), clock.instant());
    for (Alert alert : due) {
      LOGGER
          .atWarn()
          .addKeyValue("dedup_key", alert.getDedupKey())
          .addKeyValue("action", alert.getAction())
          .addKeyValue("severity", alert.getSeverity())
          .log("streams app alert");
      producer.send(
          new ProducerRecord<>(Topics.ALERTS.name(), alert.getDedupKey(), alert),
          (metadata, e) -> {
            if (e != null) {
              Causes.error(LOGGER, e)
                  .addKeyValue("dedup_key", alert.getDedupKey())
                  .log("streams app alert not written; retrying at the next check");
              rules.failed(alert);
            }
          });
    }
    if (!due.isEmpty()) {
      save();
    }
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      Causes.error(LOGGER, e).log("streams check failed");
    }
  }

  /** A last check, then waits for the alerts to be written; call before the apps close. */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      checkQuietly();
      producer.flush();
    } finally {
      producer.close(Duration.ofSeconds(10));
      save();
    }
  }

  private void save() {
    if (openAlertsFile.isEmpty()) {
      return;
    }
    Path file = openAlertsFile.get();
    StringBuilder text = new StringBuilder();
    new TreeMap<>(rules.open())
        .forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "open-alerts", ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Causes.warn(LOGGER, e).addKeyValue("file", file).log("cannot save the open streams alerts");
    }
  }

  private static Map<String, AlertSeverity> load(Optional<Path> file) {
    Map<String, AlertSeverity> open = new TreeMap<>();
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      return open;
    }
    try {
      for (String line : Files.readAllLines(file.get())) {
        String[] parts = line.strip().split(" ", -1);
        if (parts.length == 2 && parts[0].startsWith(OutageAlerts.KEY_PREFIX)) {
          open.put(parts[0], AlertSeverity.valueOf(parts[1]));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // losing it costs at most a RESOLVE that never comes; not a reason to stop start-up
      Causes.warn(LOGGER, e)
          .addKeyValue("file", file.get())
          .log("cannot read the open streams alerts; starting without them");
    }
    return open;
  }
}
