package dev.vigil.app.runtime;

import dev.vigil.schemas.logging.Causes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Things started in order and closed in reverse; a failing close is logged, the rest still close.
 */
public final class CloseStack {
  private static final Logger LOGGER = LoggerFactory.getLogger(CloseStack.class);
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final long slowCloseMs;
  private volatile String closing = "nothing";
  private volatile Thread closingThread;

  /** A stack that reports each part whose close takes 2 s or more. */
  public CloseStack() {
    this(Duration.ofSeconds(2));
  }

  /** A stack that reports (WARN {@code slow stop}) each part whose close takes {@code slow}. */
  CloseStack(Duration slow) {
    this.slowCloseMs = slow.toMillis();
  }

  /** Remembers {@code closeable} and returns it. */
  public <T extends AutoCloseable> T push(T closeable) {
    started.push(closeable);
    return closeable;
  }

  /**
   * Closes everything pushed so far, newest first; logs one line with the whole stop's duration and
   * its slowest part (and a WARN {@code slow stop} for each part over the threshold).
   */
  public void closeAll() {
    closingThread = Thread.currentThread();
    long start = System.nanoTime();
    int parts = 0;
    String slowest = "nothing";
    long slowestMs = -1;
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      String part = name(next);
      closing = part;
      long t0 = System.nanoTime();
      try {
        next.close();
      } catch (Exception e) {
        Causes.warn(LOGGER, e).addKeyValue("part", part).log("error while stopping");
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (ms >= slowCloseMs) {
        LOGGER.atWarn().addKeyValue("part", part).addKeyValue("ms", ms).log("slow stop");
      }
      if (ms > slowestMs) {
        slowest = part;
        slowestMs = ms;
      }
      parts++;
    }
    closing = "nothing";
    closingThread = null;
    if (parts > 0) {
      LOGGER
          .atInfo()
          .addKeyValue("parts", parts)
          .addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
          .addKeyValue("slowest", slowest)
          .addKeyValue("slowest_ms", slowestMs)
          .log("all parts stopped");
    }
  }

  /** The part {@link #closeAll} is closing now ({@code nothing} outside it), for diagnostics. */
  public String closing() {
    return closing;
  }

  /** The thread running {@link #closeAll} now, if any, for diagnostics. */
  public Optional<Thread> closingThread() {
    return Optional.ofNullable(closingThread);
  }

  private static String name(AutoCloseable part) {
    return part instanceof Component c ? c.name() : part.getClass().getSimpleName();
  }
}
