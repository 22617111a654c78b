package dev.vigil.schemas.catalog;

import static dev.vigil.schemas.catalog.Principal.ACTUATOR;
import static dev.vigil.schemas.catalog.Principal.AUDITOR;
import static dev.vigil.schemas.catalog.Principal.COLLECTOR;
import static dev.vigil.schemas.catalog.Principal.CORRELATOR;
import static dev.vigil.schemas.catalog.Principal.DISPATCHER;
import static dev.vigil.schemas.catalog.Principal.EXPORTER;
import static dev.vigil.schemas.catalog.Principal.OPERATOR;
import static dev.vigil.schemas.catalog.Principal.REDACTOR;
import static dev.vigil.schemas.catalog.Principal.RULE_AUTHOR;
import static dev.vigil.schemas.catalog.Principal.SECURITY_ADMIN;
import static dev.vigil.schemas.catalog.Principal.SIEM;
import static dev.vigil.schemas.catalog.Principal.STATUS_API;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The topic catalogue of docs/design.md §3: every topic Vigil uses, in one place. Deploy manifests
 * and the {@code vigil run} bootstrap are derived from it, and tests check them against it.
 *
 * <p>Records of the event topics are keyed by {@code service}, so one service's events stay in
 * order on one partition. The audit topic has one partition because its hash chain is a total
 * order.
 */
public final class Topics {
  private Topics() {}

  private static final Duration DAY = Duration.ofDays(1);

  /**
   * Readers of the raw topics: the redactor, and the collectors, whose spool settles a transaction
   * a crash left in doubt by reading back the offset of its first record (read_committed; without
   * it a crashed collector's spool never drains). The cost: a collector host can read raw events,
   * other sites' too (docs/security.md).
   */
  private static final Set<Principal> RAW_READERS = Set.of(REDACTOR, COLLECTOR);

  public static final Topic<HealthCheckResult> HEALTH_RAW =
      avro(
          "vigil.health.raw.v1",
          HealthCheckResult.class,
          DAY.multipliedBy(7),
          3,
          RAW_READERS,
          Set.of(COLLECTOR),
          "health-probe results as collected (may hold PII)");
  public static final Topic<SecuritySignal> SECURITY_RAW =
      avro(
          "vigil.security.raw.v1",
          SecuritySignal.class,
          DAY,
          3,
          RAW_READERS,
          Set.of(COLLECTOR),
          "IDS/SIEM signals as collected: raw PII, short-lived");
  public static final Topic<PostureFinding> POSTURE_RAW =
      avro(
          "vigil.posture.raw.v1",
          PostureFinding.class,
          DAY.multipliedBy(7),
          3,
          RAW_READERS,
          Set.of(COLLECTOR),
          "posture findings as collected (may hold PII)");
  public static final Topic<HealthCheckResult> HEALTH =
      avro(
          "vigil.health.v1",
          HealthCheckResult.class,
          DAY.multipliedBy(30),
          3,
          Set.of(CORRELATOR, SIEM),
          Set.of(REDACTOR),
          "redacted health-probe results");
  public static final Topic<SecuritySignal> SECURITY =
      avro(
          "vigil.security.v1",
          SecuritySignal.class,
          DAY.multipliedBy(30),
          3,
          Set.of(CORRELATOR, SIEM, EXPORTER),
          Set.of(REDACTOR),
          "redacted security signals");
  public static final Topic<PostureFinding> POSTURE =
      avro(
          "vigil.posture.v1",
          PostureFinding.class,
          DAY.multipliedBy(30),
          3,
          Set.of(CORRELATOR, SIEM, EXPORTER),
          Set.of(REDACTOR),
          "redacted posture findings");
  public static final Topic<byte[]> QUARANTINE =
      new Topic<>(
          "vigil.quarantine.v1",
          byte[].class,
          ValueFormat.BYTES,
          CleanupPolicy.DELETE,
          Optional.of(DAY),
          3,
          Set.of(SECURITY_ADMIN),
          Set.of(REDACTOR, CORRELATOR, EXPORTER),
          "original bytes that failed decoding or redaction (redactor), decoding (failover"
              + " correlator) or the OCSF export (exporter), with error headers; treat as PII");
  public static final Topic<FailoverState> FAILOVER_STATE =
      new Topic<>(
          "vigil.failover.state.v1",
          FailoverState.class,
          ValueFormat.AVRO,
          CleanupPolicy.COMPACT,
          Optional.empty(),
          3,
          Set.of(STATUS_API, SIEM),
          Set.of(CORRELATOR),
          "current failover state per service (compacted)");
  public static final Topic<FailoverTrigger> FAILOVER_TRIGGERS =
      avro(
          "vigil.failover.triggers.v1",
          FailoverTrigger.class,
          DAY.multipliedBy(30),
          3,
          Set.of(ACTUATOR, SIEM, EXPORTER),
          Set.of(CORRELATOR),
          "staged failover triggers for actuators");
  public static final Topic<Alert> ALERTS =
      avro(
          "vigil.alerts.v1",
          Alert.class,
          DAY.multipliedBy(30),
          3,
          Set.of(DISPATCHER, SIEM),
          Set.of(CORRELATOR, DISPATCHER), // the dispatcher: self-alerts for a failing destination
          "alerts with dedup keys (trigger/resolve)");
  public static final Topic<AuditRecord> AUDIT =
      avro(
          "vigil.audit.v1",
          AuditRecord.class,
          DAY.multipliedBy(400),
          1,
          // operators read it to see the verdict on their own commands
          Set.of(AUDITOR, EXPORTER, OPERATOR),
          Set.of(CORRELATOR, REDACTOR),
          "hash-chained audit trail; one partition so the chain is a total order");
  public static final Topic<OperatorCommand> CONTROL =
      avro(
          "vigil.control.v1",
          OperatorCommand.class,
          DAY.multipliedBy(30),
          3,
          Set.of(CORRELATOR),
          Set.of(OPERATOR),
          "operator commands: approvals, overrides, waivers");
  public static final Topic<String> RULES =
      new Topic<>(
          "vigil.rules.v1",
          String.class,
          ValueFormat.TEXT,
          CleanupPolicy.COMPACT,
          Optional.empty(),
          1,
          Set.of(REDACTOR),
          Set.of(RULE_AUTHOR),
          "redaction rule sets (YAML), keyed by rule-set id");
  public static final Topic<String> OCSF_FINDINGS =
      json(
          "vigil.ocsf.findings.v1",
          "OCSF 1.8.0 findings as JSON (Detection 2004, Compliance 2003, Incident 2005), one event"
              + " per record, from redacted data only");
  public static final Topic<String> OCSF_ACTIVITY =
      json(
          "vigil.ocsf.activity.v1",
          "OCSF 1.8.0 Entity Management (3004) events: operator commands and rule-set changes");

  /** Every topic, in docs/design.md §3 order (the OCSF export last). */
  public static final List<Topic<?>> ALL =
      List.of(
          HEALTH_RAW,
          SECURITY_RAW,
          POSTURE_RAW,
          HEALTH,
          SECURITY,
          POSTURE,
          QUARANTINE,
          FAILOVER_STATE,
          FAILOVER_TRIGGERS,
          ALERTS,
          AUDIT,
          CONTROL,
          RULES,
          OCSF_FINDINGS,
          OCSF_ACTIVITY);

  private static final Map<String, Topic<?>> BY_NAME =
      ALL.stream().collect(Collectors.toUnmodifiableMap(Topic::name, Function.identity()));

  /** The topic called {@code name}. */
  public static Optional<Topic<?>> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The raw topic collectors write events of {@code kind} to. */
  public static Topic<?> raw(EventKind kind) {
    return switch (kind) {
      case HEALTH -> HEALTH_RAW;
      case SECURITY -> SECURITY_RAW;
      case POSTURE -> POSTURE_RAW;
    };
  }

  /** The redacted topic for events of {@code kind}. */
  public static Topic<?> redacted(EventKind kind) {
    return switch (kind) {
      case HEALTH -> HEALTH;
      case SECURITY -> SECURITY;
      case POSTURE -> POSTURE;
    };
  }

  /** The redacted topic that the raw topic {@code raw} feeds. */
  public static Topic<?> redactedOf(Topic<?> raw) {
    for (EventKind kind : EventKind.values()) {
      if (raw(kind).equals(raw)) {
        return redacted(kind);
      }
    }
    throw new NoSuchElementException(raw.name() + " is not a raw topic");
  }

  /** An OCSF export topic: JSON values, read by the SIEM, written by the exporter only. */
  private static Topic<String> json(String name, String description) {
    return new Topic<>(
        name,
        String.class,
        ValueFormat.JSON,
        CleanupPolicy.DELETE,
        Optional.of(DAY.multipliedBy(30)),
        3,
        Set.of(SIEM),
        Set.of(EXPORTER),
        description);
  }

  private static <V> Topic<V> avro(
      String name,
      Class<V> type,
      Duration retention,
      int partitions,
      Set<Principal> readers,
      Set<Principal> writers,
      String description) {
    return new Topic<>(
        name,
        type,
        ValueFormat.AVRO,
        CleanupPolicy.DELETE,
        Optional.of(retention),
        partitions,
        readers,
        writers,
        description);
  }
}
