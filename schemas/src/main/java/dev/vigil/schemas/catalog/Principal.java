package dev.vigil.schemas.catalog;

/**
 * The least-privilege principals of docs/design.md §3/§8: one per component, plus the human roles
 * that read topics. Deploy manifests derive their ACLs from {@link Topic#readers()} and {@link
 * Topic#writers()}.
 */
public enum Principal {
  COLLECTOR,
  REDACTOR,
  CORRELATOR,
  DISPATCHER,
  STATUS_API,
  SIEM,
  ACTUATOR,
  OPERATOR,
  AUDITOR,
  SECURITY_ADMIN,
  RULE_AUTHOR,
  /** The OCSF exporter: reads redacted and correlated topics, writes the OCSF topics. */
  EXPORTER
}
