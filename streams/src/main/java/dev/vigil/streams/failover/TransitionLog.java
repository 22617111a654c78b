package dev.vigil.streams.failover;

import java.util.ArrayList;
import java.util.List;

/**
 * A service's most recent transitions, newest first, at most {@link #MAX_ENTRIES}: what the status
 * API shows as {@code recent_transitions}. Kept beside the service state (its own store, see {@code
 * FailoverTopology.TRANSITIONS_STORE}) so the state's codec and its fuzz inputs stay as they are.
 * The audit chain keeps every transition; this is the on-call summary.
 *
 * @param newestFirst the entries, newest first
 */
public record TransitionLog(List<TransitionLogEntry> newestFirst) {
  /** How many transitions a service keeps; older ones drop out (the audit chain has them all). */
  public static final int MAX_ENTRIES = 20;

  /** First byte of the stored layout. */
  static final byte LAYOUT = 1;

  public static final TransitionLog EMPTY = new TransitionLog(List.of());

  public TransitionLog {
    newestFirst = List.copyOf(newestFirst);
    if (newestFirst.size() > MAX_ENTRIES) {
      newestFirst = newestFirst.subList(0, MAX_ENTRIES);
    }
  }

  /**
   * This log with {@code oldestFirst} appended (the order one decision made them in), the oldest
   * entries dropped beyond {@link #MAX_ENTRIES}.
   */
  public TransitionLog appended(List<TransitionLogEntry> oldestFirst) {
    if (oldestFirst.isEmpty()) {
      return this;
    }
    List<TransitionLogEntry> out = new ArrayList<>(oldestFirst.size() + newestFirst.size());
    for (int i = oldestFirst.size() - 1; i >= 0; i--) {
      out.add(oldestFirst.get(i));
    }
    out.addAll(newestFirst);
    return new TransitionLog(out.size() > MAX_ENTRIES ? out.subList(0, MAX_ENTRIES) : out);
  }

  /** The stored bytes (layout {@link #LAYOUT}, encoded as {@link StateBinary} encodes state). */
  public byte[] toBytes() {
    StateBinary.Out o = new StateBinary.Out();
    o.b(LAYOUT);
    o.list(newestFirst, TransitionLog::write);
    return o.bytes();
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a transition log of a known layout
   */
  public static TransitionLog fromBytes(byte[] bytes) {
    StateBinary.In in = new StateBinary.In(bytes, LAYOUT);
    if (in.b() != LAYOUT) {
      throw new IllegalArgumentException("unsupported transition log layout");
    }
    List<TransitionLogEntry> entries = in.list(TransitionLog::read);
    if (!in.done()) {
      throw new IllegalArgumentException("transition log has trailing bytes");
    }
    if (entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("transition log too long");
    }
    return new TransitionLog(entries);
  }

  private static void write(StateBinary.Out o, TransitionLogEntry e) {
    o.instant(e.at());
    o.enumName(e.transition());
    o.varint(e.step());
    o.varint(e.trafficPercent());
    o.id(e.incidentId());
    o.str(e.fromSite());
    o.str(e.toSite());
    o.str(e.reason());
  }

  private static TransitionLogEntry read(StateBinary.In in) {
    var at = in.instant();
    Transition transition = in.enumValue(Transition::valueOf);
    if (at == null || transition == null) {
      throw new IllegalArgumentException("transition log: entry without time or transition");
    }
    return new TransitionLogEntry(
        at,
        transition,
        (int) in.varint(),
        (int) in.varint(),
        in.id(),
        in.str(),
        in.str(),
        in.str());
  }
}
