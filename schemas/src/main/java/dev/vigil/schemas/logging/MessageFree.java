package dev.vigil.schemas.logging;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** A copy of an exception chain with the classes and stack frames of the original, no messages. */
final class MessageFree extends Exception {
  private static final long serialVersionUID = 1L;

  private MessageFree(Throwable original) {
    super(original.getClass().getName() + " (message withheld)", null, false, true);
    setStackTrace(original.getStackTrace());
  }

  static Throwable copy(Throwable t) {
    return copy(t, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static MessageFree copy(Throwable t, Set<Throwable> seen) {
    MessageFree copy = new MessageFree(t);
    seen.add(t);
    if (t.getCause() != null && !seen.contains(t.getCause())) {
      copy.initCause(copy(t.getCause(), seen));
    }
    return copy;
  }
}
