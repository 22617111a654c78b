package dev.vigil.streams.runtime;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.logging.Causes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
    KafkaProducer<String, Alert> producer =
        SelfAlertWriter.producer(clientProperties, "vigil-streams-supervisor", Map.of(), registry);
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
    SelfAlertWriter.send(producer, due, LOGGER, "streams app alert", "check", rules::failed);
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

  /**
   * A last check, then waits up to 10 s for the alerts to be written (the producer's close sends
   * what is pending; a stalled Kafka cannot hold the stop longer); call before the apps close.
   */
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
    } finally {
      producer.close(Duration.ofSeconds(10));
      save();
    }
  }

  private void save() {
    openAlertsFile.ifPresent(
        file -> SelfAlertWriter.save(file, rules.open(), "open-alerts", LOGGER, "streams alerts"));
  }

  private static Map<String, AlertSeverity> load(Optional<Path> file) {
    return file.map(
            f ->
                SelfAlertWriter.load(
                    f, key -> key.startsWith(OutageAlerts.KEY_PREFIX), LOGGER, "streams alerts"))
        .orElseGet(TreeMap::new);
  }
}
