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
import org.apache.kafka.streams.KafkaStreams;

/**
 * When a Streams app's outage becomes an alert (plain Java, no Kafka): a TRIGGER once an app has
 * not been ready ({@link StreamsStatus#ready()}) for {@code grace} — at once for ERROR, which the
 * client never leaves by itself — SEV1 for ERROR/PENDING_ERROR, SEV2 otherwise (escalated by a new
 * TRIGGER with the same key); a RESOLVE when it is ready again. Dedup key {@code
 * vigil/self/streams/<application id>}. A stream thread that died and was replaced raises SEV3
 * {@code vigil/self/streams/<application id>/thread-replaced} at once (the app may never have left
 * RUNNING, yet a thread crashed on something), resolved once the app has been ready for {@code
 * grace} without a further replacement.
 */
final class OutageAlerts {
  static final String KEY_PREFIX = "vigil/self/streams/";
  static final String REPLACED_SUFFIX = "/thread-replaced";

  private final Duration grace;
  private final Map<String, AlertSeverity> open;

  /** Per application id: replacements already alerted, and when the last one was seen. */
  private final Map<String, Integer> replacementsSeen = new TreeMap<>();

  private final Map<String, Instant> replacedAt = new TreeMap<>();

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
      replacements(s, now, due);
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

  private void replacements(StreamsStatus s, Instant now, List<Alert> due) {
    String key = dedupKey(s.applicationId()) + REPLACED_SUFFIX;
    int seen = replacementsSeen.getOrDefault(s.applicationId(), 0);
    if (s.threadReplacements() > seen) {
      replacementsSeen.put(s.applicationId(), s.threadReplacements());
      replacedAt.put(s.applicationId(), now);
      open.put(key, AlertSeverity.SEV3);
      due.add(
          alert(
              key,
              AlertAction.TRIGGER,
              AlertSeverity.SEV3,
              "a stream thread of Kafka Streams app "
                  + s.applicationId()
                  + " died and was replaced ("
                  + s.threadReplacements()
                  + " since start); see its ERROR log line for the exception class",
              s,
              now));
    } else if (open.containsKey(key)
        && s.ready()
        && !now.isBefore(replacedAt.getOrDefault(s.applicationId(), Instant.EPOCH).plus(grace))) {
      due.add(
          alert(
              key,
              AlertAction.RESOLVE,
              open.remove(key),
              "Kafka Streams app " + s.applicationId() + " runs on its replaced thread",
              s,
              now));
    }
  }

  /** Undoes what {@code alert} marked, after its send failed, so the next evaluation retries. */
  synchronized void failed(Alert alert) {
    SelfAlertWriter.unmark(open, alert);
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
    return SelfAlertWriter.alert(key, action, severity, summary, details, now);
  }
}
