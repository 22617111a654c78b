package dev.vigil.streams.runtime;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;

/**
 * When a Streams app's outage becomes an alert (plain Java, no Kafka): a TRIGGER once an app has
 * not been ready ({@link StreamsStatus#ready()}) for {@code grace} — at once for ERROR, which the
 * client never leaves by itself — SEV1 for ERROR/PENDING_ERROR, SEV2 otherwise (escalated by a new
 * TRIGGER with the same key); a RESOLVE when it is ready again. Dedup key {@code
 * vigil/self/streams/<application id>}.
 */
final class OutageAlerts {
  static final String SERVICE = "vigil";
  static final String KEY_PREFIX = "vigil/self/streams/";

  private final Duration grace;
  private final Map<String, AlertSeverity> open;

  /**
   * @param open alerts left open (by an earlier process), dedup key → severity
   */
  OutageAlerts(Duration grace, Map<String, AlertSeverity> open) {
    this.grace = grace;
    this.open = new TreeMap<>(open);
  }

  static String dedupKey(String applicationId) {
    return KEY_PREFIX + applicationId;
  }

  /** The alerts due at {@code now}; marks them open or resolved. */
  synchronized List<Alert> evaluate(Collection<StreamsStatus> statuses, Instant now) {
    List<Alert> due = new ArrayList<>();
    for (StreamsStatus s : statuses) {
      String key = dedupKey(s.applicationId());
      if (s.ready()) {
        AlertSeverity was = open.remove(key);
        if (was != null) {
          due.add(
              alert(
                  key,
                  AlertAction.RESOLVE,
                  was,
                  "Kafka Streams app " + s.applicationId() + " is " + s.state() + " again",
                  s,
                  now));
        }
        continue;
      }
      boolean terminal = s.state() == KafkaStreams.State.ERROR;
      if (!terminal && now.isBefore(s.since().plus(grace))) {
        continue;
      }
      AlertSeverity severity = severity(s.state());
      if (open.get(key) == severity) {
        continue;
      }
      open.put(key, severity);
      due.add(
          alert(
              key,
              AlertAction.TRIGGER,
              severity,
              "Kafka Streams app "
                  + s.applicationId()
                  + " is "
                  + s.state()
                  + " since "
                  + s.since()
                  + ": its input topics are not processed",
              s,
              now));
    }
    return due;
  }

  /** Undoes what {@code alert} marked, after its send failed, so the next evaluation retries. */
  synchronized void failed(Alert alert) {
    String key = alert.getDedupKey();
    if (alert.getAction() == AlertAction.TRIGGER) {
      open.remove(key, alert.getSeverity());
    } else {
      open.putIfAbsent(key, alert.getSeverity());
    }
  }

  /** The open alerts, dedup key → severity. */
  synchronized Map<String, AlertSeverity> open() {
    return Map.copyOf(open);
  }

  private static AlertSeverity severity(KafkaStreams.State state) {
    return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
        ? AlertSeverity.SEV1
        : AlertSeverity.SEV2;
  }

  private static Alert alert(
      String key,
      AlertAction action,
      AlertSeverity severity,
      String summary,
      StreamsStatus s,
      Instant now) {
    Map<String, String> details = new TreeMap<>();
    details.put("application_id", s.applicationId());
    details.put("state", s.state().name());
    details.put("since", s.since().toString());
    details.put("thread_replacements", Integer.toString(s.threadReplacements()));
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
}
