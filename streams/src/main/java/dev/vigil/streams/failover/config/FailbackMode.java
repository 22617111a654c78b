package dev.vigil.streams.failover.config;

/** Whether traffic returns to the home site by itself once it is healthy and gated again. */
public enum FailbackMode {
  /** Only an operator FAILBACK command starts a failback (the default). */
  MANUAL,
  /** A staged, gated failback starts once the home site is UP and the hold-off has passed. */
  AUTOMATIC
}
