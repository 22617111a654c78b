package dev.vigil.streams.runtime;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.logging.Causes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;

/**
 * How Vigil writes alerts about itself ({@link StreamsSupervisor}, the app's self-monitor): to
 * {@code vigil.alerts.v1} with an idempotent producer ({@code acks=all}) keyed by the dedup key,
 * and the open ones to a file ({@code <dedup key> <severity>} a line) so the next process resolves
 * them. Logs go to the caller's logger and name {@code what} (e.g. {@code self-alert}).
 */
public final class SelfAlertWriter {
  /** The {@code service} of every alert Vigil raises about itself. */
  public static final String SERVICE = "vigil";

  private SelfAlertWriter() {}

  /**
   * An idempotent {@code acks=all} producer of {@code vigil.alerts.v1}.
   *
   * @param extra producer settings on top (they come last)
   */
  public static KafkaProducer<String, Alert> producer(
      Map<String, Object> clientProperties,
      String clientId,
      Map<String, Object> extra,
      SchemaRegistryClient registry) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.putAll(extra);
    return new KafkaProducer<>(
        props,
        TopicSerdes.key(Topics.ALERTS).serializer(),
        TopicSerdes.value(Topics.ALERTS, registry).serializer());
  }

  /**
   * Logs and sends each alert; one that is not written is logged ({@code "<what> not written;
   * retrying at the next <round>"}) and handed to {@code failed}.
   */
  public static void send(
      Producer<String, Alert> producer,
      List<Alert> alerts,
      Logger logger,
      String what,
      String round,
      Consumer<Alert> failed) {
    for (Alert alert : alerts) {
      logger
          .atWarn()
          .addKeyValue("dedup_key", alert.getDedupKey())
          .addKeyValue("action", alert.getAction())
          .addKeyValue("severity", alert.getSeverity())
          .log(what);
      producer.send(
          new ProducerRecord<>(Topics.ALERTS.name(), alert.getDedupKey(), alert),
          (metadata, e) -> {
            if (e != null) {
              Causes.error(logger, e)
                  .addKeyValue("dedup_key", alert.getDedupKey())
                  .log(what + " not written; retrying at the next " + round);
              failed.accept(alert);
            }
          });
    }
  }

  /** Replaces {@code file} (atomically) with the open alerts; a failure is only logged. */
  public static void save(
      Path file, Map<String, AlertSeverity> open, String tmpPrefix, Logger logger, String what) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(open).forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, tmpPrefix, ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Causes.warn(logger, e).addKeyValue("file", file).log("cannot save the open " + what);
    }
  }

  /**
   * The open alerts saved in {@code file} whose dedup key is {@code ours}; none when there is no
   * file or it cannot be read (logged: losing it costs at most a RESOLVE that never comes, not a
   * reason to stop start-up).
   */
  public static Map<String, AlertSeverity> load(
      Path file, Predicate<String> ours, Logger logger, String what) {
    Map<String, AlertSeverity> open = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return open;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.strip().split(" ", -1);
        if (parts.length == 2 && ours.test(parts[0])) {
          open.put(parts[0], AlertSeverity.valueOf(parts[1]));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      Causes.warn(logger, e)
          .addKeyValue("file", file)
          .log("cannot read the open " + what + "; starting without them");
    }
    return open;
  }

  /** An alert of service {@code vigil} on no site, with a fresh alert id and no evidence. */
  public static Alert alert(
      String key,
      AlertAction action,
      AlertSeverity severity,
      String summary,
      Map<String, String> details,
      Instant now) {
    return Alert.newBuilder()
        .setAlertId("alr-" + UUID.randomUUID())
        .setDedupKey(key)
        .setAction(action)
        .setSeverity(severity)
        .setService(SERVICE)
        .setSite(null)
        .setSummary(summary)
        .setEvidence(new ArrayList<>())
        .setDetails(details)
        .setCreatedAt(now)
        .build();
  }

  /**
   * Undoes in {@code open} (dedup key → severity) what {@code alert} marked, after its send failed,
   * so the next round retries it.
   */
  public static void unmark(Map<String, AlertSeverity> open, Alert alert) {
    String key = alert.getDedupKey();
    if (alert.getAction() == AlertAction.TRIGGER) {
      open.remove(key, alert.getSeverity());
    } else {
      open.putIfAbsent(key, alert.getSeverity());
    }
  }
}
