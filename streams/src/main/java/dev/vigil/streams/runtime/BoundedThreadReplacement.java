package dev.vigil.streams.runtime;

import dev.vigil.schemas.logging.Causes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REPLACE_THREAD while fewer than {@code maxReplacements} threads were replaced within the window,
 * SHUTDOWN_CLIENT (state ERROR) after that. Logs exception classes only, at DEBUG with their stack
 * frames: messages may carry record content.
 */
final class BoundedThreadReplacement implements StreamsUncaughtExceptionHandler {
  private static final Logger LOGGER = LoggerFactory.getLogger(BoundedThreadReplacement.class);

  private final String applicationId;
  private final ThreadReplacementPolicy policy;
  private final Clock clock;
  private final Runnable onReplace;
  private final Deque<Instant> recent = new ArrayDeque<>();

  BoundedThreadReplacement(
      String applicationId, ThreadReplacementPolicy policy, Clock clock, Runnable onReplace) {
    this.applicationId = applicationId;
    this.policy = policy;
    this.clock = clock;
    this.onReplace = onReplace;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    Instant now = clock.instant();
    Instant windowStart = now.minus(policy.window());
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(windowStart)) {
      recent.removeFirst();
    }
    boolean replace = recent.size() < policy.maxReplacements();
    // a processing failure may quote a record: its DEBUG detail keeps classes and frames only
    Causes.error(LOGGER, exception)
        .withoutMessages()
        .addKeyValue("app", applicationId)
        .addKeyValue("error", exception.getClass().getName())
        .addKeyValue("replaced_in_window", recent.size())
        .addKeyValue("max_replacements", policy.maxReplacements())
        .addKeyValue("window_ms", policy.window().toMillis())
        .log(
            replace
                ? "stream thread failed; replacing it"
                : "stream thread failed too often; shutting the client down (ERROR)");
    if (!replace) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    recent.addLast(now);
    onReplace.run();
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
