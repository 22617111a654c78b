package dev.vigil.app.selfmon;

import dev.vigil.alerts.SelfMonitoringSection;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.logging.Causes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's alerts on its own condition ({@link SelfCheck}): every {@code checkInterval} it measures
 * ({@link SelfProbes}), records the round in {@link SelfHealth} and writes the due TRIGGERs and
 * RESOLVEs to {@code vigil.alerts.v1} (idempotent producer, keyed by dedup key), where the
 * dispatcher delivers them. Open alerts survive a restart in {@code openAlertsFile}. Gauge {@code
 * vigil.self.condition} (1 while a condition holds, attributes {@code check}, {@code subject}) lets
 * Prometheus alert even when the broker itself is what is gone.
 */
public final class SelfMonitor implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(SelfMonitor.class);
  private static final AttributeKey<String> CHECK = AttributeKey.stringKey("check");
  private static final AttributeKey<String> SUBJECT = AttributeKey.stringKey("subject");

  private final SelfProbes probes;
  private final SelfAlerts rules;
  private final SelfHealth health;
  private final Producer<String, Alert> producer;
  private final Admin admin;
  private final Clock clock;
  private final Path openAlertsFile;
  private final ScheduledExecutorService scheduler;
  private final ObservableLongGauge gauge;

  private SelfMonitor(
      SelfProbes probes,
      SelfAlerts rules,
      SelfHealth health,
      Producer<String, Alert> producer,
      Admin admin,
      Clock clock,
      Path openAlertsFile,
      OpenTelemetry otel) {
    this.probes = probes;
    this.rules = rules;
    this.health = health;
    this.producer = producer;
    this.admin = admin;
    this.clock = clock;
    this.openAlertsFile = openAlertsFile;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-self-monitor");
              t.setDaemon(true);
              return t;
            });
    this.gauge =
        otel.getMeter("vigil.self")
            .gaugeBuilder("vigil.self.condition")
            .ofLongs()
            .setDescription(
                "1 while a condition of Vigil itself holds (check: CONSUMER_LAG, SPOOL_FILLING,"
                    + " QUARANTINE_RATE, BROKER_UNREACHABLE, REGISTRY_UNREACHABLE), else 0")
            .buildWithCallback(
                m ->
                    rules
                        .latest()
                        .values()
                        .forEach(
                            r ->
                                m.record(
                                    r.bad() ? 1 : 0,
                                    Attributes.of(CHECK, r.check().name(), SUBJECT, r.subject()))));
  }

  /**
   * Starts measuring every {@code settings.checkInterval()}.
   *
   * @param groups the consumer groups whose lag is watched (asked every round)
   * @param openAlertsFile where open self-alerts survive a restart
   */
  public static SelfMonitor start(
      SelfMonitoringSection settings,
      SelfHealth health,
      Supplier<List<String>> groups,
      Map<String, Object> clientProperties,
      SchemaRegistryClient registry,
      OpenTelemetry otel,
      Path openAlertsFile) {
    Map<String, Object> adminProps = new HashMap<>(clientProperties);
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-self-monitor");
    Admin admin = Admin.create(adminProps);
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-self-monitor");
    // without a broker, send() must not hold the round up for the default minute
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.timeout().toMillis());
    KafkaProducer<String, Alert> producer =
        new KafkaProducer<>(
            props,
            TopicSerdes.key(Topics.ALERTS).serializer(),
            TopicSerdes.value(Topics.ALERTS, registry).serializer());
    SelfMonitor monitor =
        new SelfMonitor(
            new SelfProbes(admin, registry, health, groups, settings),
            new SelfAlerts(settings.sustain(), load(openAlertsFile)),
            health,
            producer,
            admin,
            Clock.systemUTC(),
            openAlertsFile,
            otel);
    long everyMs = settings.checkInterval().toMillis();
    monitor.scheduler.scheduleWithFixedDelay(
        monitor::checkQuietly, 0, everyMs, TimeUnit.MILLISECONDS);
    LOGGER
        .atInfo()
        .addKeyValue("check_interval_ms", everyMs)
        .addKeyValue("sustain_ms", settings.sustain().toMillis())
        .log("self-monitoring started");
    return monitor;
  }

  /** One round: measure, record, send what is due. */
  synchronized void check() {
    java.time.Instant now = clock.instant();
    SelfProbes.Round round = probes.measure(now);
    List<Alert> due = rules.evaluate(round.readings(), round.measured(), now);
    for (Alert alert : due) {
      LOGGER
          .atWarn()
          .addKeyValue("dedup_key", alert.getDedupKey())
          .addKeyValue("action", alert.getAction())
          .addKeyValue("severity", alert.getSeverity())
          .log("self-alert");
      producer.send(
          new ProducerRecord<>(Topics.ALERTS.name(), alert.getDedupKey(), alert),
          (metadata, e) -> {
            if (e != null) {
              Causes.error(LOGGER, e)
                  .addKeyValue("dedup_key", alert.getDedupKey())
                  .log("self-alert not written; retrying at the next round");
              rules.failed(alert);
            }
          });
    }
    health.update(rules.latest(), rules.open(), now);
    if (!due.isEmpty()) {
      save();
    }
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      Causes.error(LOGGER, e).log("self-monitoring round failed");
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    gauge.close();
    try {
      producer.close(Duration.ofSeconds(10));
    } finally {
      admin.close(Duration.ofSeconds(5));
      probes.close();
      save();
    }
  }

  private void save() {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(rules.open())
        .forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
    try {
      Path dir = openAlertsFile.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "self-open-alerts", ".tmp");
      Files.writeString(tmp, text);
      Files.move(
          tmp, openAlertsFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Causes.warn(LOGGER, e)
          .addKeyValue("file", openAlertsFile)
          .log("cannot save the open self-alerts");
    }
  }

  static Map<String, AlertSeverity> load(Path file) {
    Map<String, AlertSeverity> open = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return open;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.strip().split(" ", -1);
        if (parts.length == 2 && SelfAlerts.checkOf(parts[0]) != null) {
          open.put(parts[0], AlertSeverity.valueOf(parts[1]));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // losing it costs at most a RESOLVE that never comes; not a reason to stop start-up
      Causes.warn(LOGGER, e)
          .addKeyValue("file", file)
          .log("cannot read the open self-alerts; starting without them");
    }
    return open;
  }
}
