package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.OperatorAction;
import java.time.Instant;

/**
 * The first half of a two-person command (FORCE, or APPROVE past a failing gate): it takes effect
 * only when a different operator sends the same action within the rule's window.
 */
final class PendingCommand {
  OperatorAction action;
  String operator;
  String commandId;

  /** When the correlator received it (wall clock). */
  Instant at;
}
