package dev.vigil.streams.audit;

/**
 * Outcome of {@link AuditChain#verify}.
 *
 * @param ok true when every record checked out
 * @param checked how many records were verified good (all of them when ok)
 * @param badIndex position in the input of the first bad record, -1 when ok
 * @param badSeq the {@code seq} that record carries (or the one expected at the end), -1 when ok
 * @param reason why it is bad, or {@code ok}
 */
public record Verification(boolean ok, long checked, int badIndex, long badSeq, String reason) {
  static Verification bad(int index, long seq, String reason) {
    return new Verification(false, index, index, seq, reason);
  }
}
