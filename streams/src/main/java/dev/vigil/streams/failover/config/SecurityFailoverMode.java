package dev.vigil.streams.failover.config;

/** What an intrusion signal on the active site does. */
public enum SecurityFailoverMode {
  /** Raise a SEV1 security alert only (the default). */
  ALERT_ONLY,
  /** Also start a staged, gated failover to the standby site. */
  FAILOVER
}
