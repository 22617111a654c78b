package dev.vigil.app.selfmon;

import dev.vigil.alerts.SelfMonitoringSection;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.logging.Causes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.runtime.SelfAlertWriter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
    // without a broker, send() must not hold the round up for the default minute
    KafkaProducer<String, Alert> producer =
        SelfAlertWriter.producer(
            clientProperties,
            "vigil-self-monitor",
            Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.timeout().toMillis()),
            registry);
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
    SelfAlertWriter.send(producer, due, LOGGER, "self-alert", "round", rules::failed);
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
    SelfAlertWriter.save(openAlertsFile, rules.open(), "self-open-alerts", LOGGER, "self-alerts");
  }

  static Map<String, AlertSeverity> load(Path file) {
    return SelfAlertWriter.load(
        file, key -> SelfAlerts.checkOf(key) != null, LOGGER, "self-alerts");
  }
}
