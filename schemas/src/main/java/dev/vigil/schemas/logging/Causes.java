package dev.vigil.schemas.logging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Causes on log lines, one rule everywhere: a WARN/ERROR line names the root cause's class (key
 * {@code cause}) and never its message, which may quote a record; the full exception follows as a
 * DEBUG line with the same message and keys, for an operator who turns DEBUG on.
 *
 * <pre>{@code
 * Causes.warn(LOGGER, e).addKeyValue("file", name).log("checkpoint unreadable");
 * }</pre>
 *
 * <p>Where even DEBUG must stay payload-free (the exception may come from parsing or serialising a
 * record), {@link Event#withoutMessages()} keeps the classes and stack frames of the chain and
 * drops every message.
 */
public final class Causes {
  /** The key that carries the root-cause class. */
  public static final String KEY = "cause";

  private Causes() {}

  /** The innermost cause of {@code t}, stopping at a cycle. */
  public static Throwable root(Throwable t) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Throwable cause = t;
    while (cause.getCause() != null && seen.add(cause)) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The class name of the innermost cause of {@code t}: safe on any log line. */
  public static String rootClass(Throwable t) {
    return root(t).getClass().getName();
  }

  /** A WARN line naming the root cause of {@code cause}, plus the full cause at DEBUG. */
  public static Event warn(Logger logger, Throwable cause) {
    return new Event(logger, Level.WARN, cause);
  }

  /** An ERROR line naming the root cause of {@code cause}, plus the full cause at DEBUG. */
  public static Event error(Logger logger, Throwable cause) {
    return new Event(logger, Level.ERROR, cause);
  }

  /** An INFO line naming the root cause (for expected ends, e.g. a peer closing a connection). */
  public static Event info(Logger logger, Throwable cause) {
    return new Event(logger, Level.INFO, cause);
  }

  /** A log line with a cause; {@link #log} writes it. Not thread-safe; use it in one statement. */
  public static final class Event {
    private final Logger logger;
    private final Level level;
    private final Throwable cause;
    private final List<Map.Entry<String, Object>> keyValues = new ArrayList<>();
    private boolean withoutMessages;

    private Event(Logger logger, Level level, Throwable cause) {
      this.logger = logger;
      this.level = level;
      this.cause = cause;
    }

    /** A key and value on both lines: ids, counts, names; never payload. */
    public Event addKeyValue(String key, Object value) {
      keyValues.add(Map.entry(key, value == null ? "null" : value));
      return this;
    }

    /** The DEBUG line keeps the chain's classes and stack frames but none of its messages. */
    public Event withoutMessages() {
      withoutMessages = true;
      return this;
    }

    /** Writes the line at its level with the root-cause class, and the full cause at DEBUG. */
    public void log(String message) {
      if (logger.isEnabledForLevel(level)) {
        withKeys(logger.atLevel(level)).addKeyValue(KEY, rootClass(cause)).log(message);
      }
      if (logger.isDebugEnabled()) {
        withKeys(logger.atDebug())
            .setCause(withoutMessages ? MessageFree.copy(cause) : cause)
            .log(message + " (cause)");
      }
    }

    private LoggingEventBuilder withKeys(LoggingEventBuilder builder) {
      LoggingEventBuilder b = builder;
      for (Map.Entry<String, Object> kv : keyValues) {
        b = b.addKeyValue(kv.getKey(), kv.getValue());
      }
      return b;
    }
  }
}
