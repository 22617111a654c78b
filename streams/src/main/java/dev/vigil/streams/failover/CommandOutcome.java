package dev.vigil.streams.failover;

import java.util.Objects;

/**
 * The verdict on one operator command and what it did, for the audit record.
 *
 * @param verdict applied, ignored, rejected or pending
 * @param detail what happened, e.g. {@code "INTRUSION waived on dr until …"}
 */
record CommandOutcome(CommandVerdict verdict, String detail) {
  CommandOutcome {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(detail, "detail");
  }

  static CommandOutcome applied(String detail) {
    return new CommandOutcome(CommandVerdict.APPLIED, detail);
  }

  static CommandOutcome ignored(String detail) {
    return new CommandOutcome(CommandVerdict.IGNORED, detail);
  }

  static CommandOutcome rejected(String detail) {
    return new CommandOutcome(CommandVerdict.REJECTED, detail);
  }

  static CommandOutcome pending(String detail) {
    return new CommandOutcome(CommandVerdict.PENDING, detail);
  }

  /** The outcome text of the audit record: {@code "<verdict>: <detail>"}. */
  String text() {
    return verdict.label() + ": " + detail;
  }
}
