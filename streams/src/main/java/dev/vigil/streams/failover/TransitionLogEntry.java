package dev.vigil.streams.failover;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a service's {@link TransitionLog}: where an incident moved, when and why, as the
 * status API shows it. The same facts as the {@code transition} audit record, plus the sites and
 * the traffic share at that moment.
 *
 * @param at when the correlator decided it
 * @param transition where the incident moved
 * @param step the SHIFT step (1..n); 0 for every other transition
 * @param trafficPercent share of traffic on the target right after the transition
 * @param incidentId the incident that moved
 * @param fromSite the incident's source site
 * @param toSite the incident's target site
 * @param reason why, at most {@link #MAX_REASON_CHARS} characters; may quote evidence text, so it
 *     is escaped on display
 */
public record TransitionLogEntry(
    Instant at,
    Transition transition,
    int step,
    int trafficPercent,
    String incidentId,
    String fromSite,
    String toSite,
    String reason) {

  /**
   * Longer reasons are cut (with a trailing ellipsis): the log is a summary, the audit is whole.
   */
  public static final int MAX_REASON_CHARS = 200;

  public TransitionLogEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(transition, "transition");
    reason = shortened(reason);
  }

  /** The transition as written in the audit record ({@code SHIFT 2}, {@code HOLD}). */
  public String label() {
    return transition.label(step);
  }

  private static String shortened(String reason) {
    if (reason == null || reason.length() <= MAX_REASON_CHARS) {
      return reason;
    }
    int end = MAX_REASON_CHARS - 1;
    if (Character.isHighSurrogate(reason.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return reason.substring(0, end) + "…";
  }
}
