package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.TriggerStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.TreeMap;

/** One failover (or failback) attempt, from opening to COMPLETE, ABORT or ROLLBACK. */
final class Incident {
  enum Cause {
    /** The active site went DOWN by quorum. */
    HEALTH,
    /** An intrusion on the active site, with {@code securityFailover: FAILOVER}. */
    SECURITY,
    /** An operator FORCE with no incident open. */
    OPERATOR,
    /** An operator FAILBACK command or automatic failback. */
    FAILBACK
  }

  enum Status {
    /** Gates failed before PREPARE; nothing has moved. */
    BLOCKED,
    PROGRESSING,
    /** The next step is configured with {@code approval: true} and waits for APPROVE. */
    AWAITING_APPROVAL,
    /** The target degraded or a gate failed mid-way while the source is not UP. */
    HOLD
  }

  String id;
  Cause cause;
  String from;
  String to;
  Instant openedAt;
  Status status;

  /** -1 before PREPARE, 0 PREPARE, 1..n the SHIFT steps. */
  int position = -1;

  /** When the current stage was issued (or a HOLD cleared): dwell runs from here. */
  Instant stageAt;

  TriggerStage lastStage;
  int trafficPercent;

  /** FORCE: gates, target health and source recovery no longer stop this incident. */
  boolean forced;

  /** APPROVE: the next stage may be issued once, regardless of dwell, gates or approval. */
  boolean approveNext;

  ArrayList<String> evidence = new ArrayList<>();

  /** How many triggers of each {@code STAGE/step} were issued, for unique trigger ids. */
  TreeMap<String, Integer> issued = new TreeMap<>();

  /** Whether a health-led failover ends with ABORT once its source is UP again. */
  boolean abortsOnSourceRecovery() {
    return cause == Cause.HEALTH && !forced;
  }
}
