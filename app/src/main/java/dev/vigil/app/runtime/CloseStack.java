package dev.vigil.app.runtime;

import dev.vigil.schemas.logging.Causes;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Things started in order and closed in reverse; a failing close is logged, the rest still close.
 */
public final class CloseStack {
  private static final Logger LOGGER = LoggerFactory.getLogger(CloseStack.class);
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  /** Remembers {@code closeable} and returns it. */
  public <T extends AutoCloseable> T push(T closeable) {
    started.push(closeable);
    return closeable;
  }

  /** Closes everything pushed so far, newest first. */
  public void closeAll() {
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        Causes.warn(LOGGER, e)
            .addKeyValue("part", next.getClass().getSimpleName())
            .log("error while stopping");
      }
    }
  }
}
