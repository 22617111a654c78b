package dev.vigil.app.selfmon;

import java.util.Map;
import java.util.Objects;

/**
 * One measurement of a {@link SelfCheck} for one subject.
 *
 * @param check what was measured
 * @param subject of what (a consumer group, a spool; "" for the broker, registry, quarantine)
 * @param bad whether the condition holds (over its threshold, unreachable)
 * @param summary one line for on-call, payload-free (names, numbers and thresholds only)
 * @param details values behind it (e.g. {@code lag}, {@code threshold})
 */
public record SelfReading(
    SelfCheck check, String subject, boolean bad, String summary, Map<String, String> details) {
  public SelfReading {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(summary, "summary");
    details = Map.copyOf(details);
  }

  public String dedupKey() {
    return check.dedupKey(subject);
  }
}
