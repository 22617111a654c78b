package dev.vigil.app.selfmon;

import dev.vigil.schemas.avro.AlertSeverity;

/**
 * A condition of Vigil itself that {@link SelfMonitor} measures and alerts on. Posture evidence
 * gone stale is not here: the correlator alerts on it per site ({@code
 * vigil/<service>/stale/<site>}, docs/failover.md); a Streams app not running is the supervisor's
 * ({@code vigil/self/streams/...}) and a failing destination the dispatcher's ({@code
 * vigil/self/alerts/...}).
 */
public enum SelfCheck {
  /** A consumer group of this process lags more than {@code maxLag} records behind its input. */
  CONSUMER_LAG("lag", AlertSeverity.SEV2, false),
  /** A collector's spool is fuller than {@code maxSpoolPercent}: Kafka does not take its events. */
  SPOOL_FILLING("spool", AlertSeverity.SEV2, false),
  /** More than {@code maxQuarantinedPerMinute} records per minute reach the quarantine. */
  QUARANTINE_RATE("quarantine", AlertSeverity.SEV3, false),
  /** No broker answers within {@code timeout}: nothing is processed. */
  BROKER_UNREACHABLE("broker", AlertSeverity.SEV1, true),
  /** The schema registry does not answer within {@code timeout}: new schemas cannot be read. */
  REGISTRY_UNREACHABLE("registry", AlertSeverity.SEV1, true);

  private final String slug;
  private final AlertSeverity severity;
  private final boolean blocksReadiness;

  SelfCheck(String slug, AlertSeverity severity, boolean blocksReadiness) {
    this.slug = slug;
    this.severity = severity;
    this.blocksReadiness = blocksReadiness;
  }

  /** The dedup key of this condition for {@code subject} (a group, a spool; "" when global). */
  public String dedupKey(String subject) {
    return "vigil/self/" + slug + (subject.isEmpty() ? "" : "/" + subject);
  }

  public AlertSeverity severity() {
    return severity;
  }

  /**
   * Whether the condition makes the Streams side not ready ({@code /readyz} of the status server):
   * without a broker or registry nothing is processed. Lag, a filling spool and quarantined records
   * are shown but leave it ready: the process still works, and restarting it would not help.
   */
  public boolean blocksReadiness() {
    return blocksReadiness;
  }
}
