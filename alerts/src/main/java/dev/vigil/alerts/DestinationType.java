package dev.vigil.alerts;

/** Where a {@link Destination} delivers. */
public enum DestinationType {
  /** Prometheus Alertmanager, API v2 ({@code POST /api/v2/alerts}). */
  ALERTMANAGER,
  /** PagerDuty Events API v2 ({@code POST /v2/enqueue}). */
  PAGERDUTY,
  /** Any HTTP receiver: the alert as JSON, signed with HMAC-SHA256. */
  WEBHOOK
}
