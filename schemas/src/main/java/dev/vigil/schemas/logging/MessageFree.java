package dev.vigil.schemas.logging;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** A copy of an exception chain with the classes and stack frames of the original, no messages. */
final class MessageFree extends Exception {
  private static final long serialVersionUID = 1L;

  private MessageFree(Throwable original, MessageFree cause) {
    super(original.getClass().getName() + " (message withheld)", cause, false, true);
    setStackTrace(original.getStackTrace());
  }

  static Throwable copy(Throwable t) {
    return copy(t, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static MessageFree copy(Throwable t, Set<Throwable> seen) {
    seen.add(t);
    Throwable cause = t.getCause();
    return new MessageFree(t, cause == null || seen.contains(cause) ? null : copy(cause, seen));
  }
}
