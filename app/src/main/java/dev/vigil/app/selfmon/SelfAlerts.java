package dev.vigil.app.selfmon;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.streams.runtime.SelfAlertWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * When a {@link SelfReading} becomes an alert (plain Java, no Kafka): a TRIGGER once a condition
 * has held for {@code sustain}, a RESOLVE at the first good reading. A subject that is no longer
 * measured while its check is (a consumer group gone, a spool no longer there) resolves too; one
 * whose check could not be measured this round (no broker to ask for lag) stays as it was.
 */
final class SelfAlerts {

  private final Duration sustain;
  private final Map<String, AlertSeverity> open;
  private final Map<String, Instant> badSince = new TreeMap<>();
  private final Map<String, SelfReading> latest = new TreeMap<>();

  /**
   * @param open alerts left open by an earlier process, dedup key → severity
   */
  SelfAlerts(Duration sustain, Map<String, AlertSeverity> open) {
    this.sustain = sustain;
    this.open = new TreeMap<>(open);
  }

  /**
   * The alerts due at {@code now} after a round of measurements; marks them open or resolved.
   *
   * @param readings this round's readings
   * @param measured the checks measured this round (a check missing here keeps its alerts as they
   *     are)
   */
  synchronized List<Alert> evaluate(
      Collection<SelfReading> readings, Set<SelfCheck> measured, Instant now) {
    List<Alert> due = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SelfReading r : readings) {
      String key = r.dedupKey();
      seen.add(key);
      latest.put(key, r);
      if (!r.bad()) {
        badSince.remove(key);
        AlertSeverity was = open.remove(key);
        if (was != null) {
          due.add(alert(key, AlertAction.RESOLVE, was, "resolved: " + r.summary(), r, now));
        }
        continue;
      }
      Instant since = badSince.computeIfAbsent(key, k -> now);
      if (open.containsKey(key) || now.isBefore(since.plus(sustain))) {
        continue;
      }
      open.put(key, r.check().severity());
      due.add(alert(key, AlertAction.TRIGGER, r.check().severity(), r.summary(), r, now));
    }
    for (String key : List.copyOf(open.keySet())) {
      SelfCheck check = checkOf(key);
      if (check != null && measured.contains(check) && !seen.contains(key)) {
        AlertSeverity was = open.remove(key);
        badSince.remove(key);
        latest.remove(key);
        SelfReading gone =
            new SelfReading(check, subjectOf(check, key), false, "no longer measured", Map.of());
        due.add(
            alert(
                key,
                AlertAction.RESOLVE,
                was,
                "resolved: " + key + " no longer exists",
                gone,
                now));
      }
    }
    latest.keySet().removeIf(k -> !seen.contains(k) && measured.contains(checkOf(k)));
    return due;
  }

  /** Undoes what {@code alert} marked, after its send failed, so the next round retries. */
  synchronized void failed(Alert alert) {
    SelfAlertWriter.unmark(open, alert);
  }

  /** The open alerts, dedup key → severity. */
  synchronized Map<String, AlertSeverity> open() {
    return Map.copyOf(open);
  }

  /** The latest reading of every subject measured, by dedup key. */
  synchronized Map<String, SelfReading> latest() {
    return Map.copyOf(latest);
  }

  static SelfCheck checkOf(String key) {
    for (SelfCheck c : SelfCheck.values()) {
      String prefix = c.dedupKey("");
      if (key.equals(prefix) || key.startsWith(prefix + "/")) {
        return c;
      }
    }
    return null;
  }

  private static String subjectOf(SelfCheck check, String key) {
    String prefix = check.dedupKey("");
    return key.length() > prefix.length() ? key.substring(prefix.length() + 1) : "";
  }

  private static Alert alert(
      String key,
      AlertAction action,
      AlertSeverity severity,
      String summary,
      SelfReading r,
      Instant now) {
    Map<String, String> details = new TreeMap<>(r.details());
    details.put("check", r.check().name());
    if (!r.subject().isEmpty()) {
      details.put("subject", r.subject());
    }
    return SelfAlertWriter.alert(key, action, severity, summary, details, now);
  }
}
