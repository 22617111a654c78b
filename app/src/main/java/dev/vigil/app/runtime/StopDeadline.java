package dev.vigil.app.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds an orderly stop. Armed when the stop begins; if it has not been closed by the deadline, it
 * logs the part still stopping, the stopping thread's stack, and every other thread's name, state
 * and top stack frames (names of code, never data), then halts the process with {@link #EXIT_CODE}
 * — if the {@code vigil} command owns the JVM ({@link #ownTheProcess}); embedded in a test or a
 * bench it only reports. An orderly stop takes about 4 s; a part that hangs (a Kafka client waiting
 * on a broker, a thread that ignores interrupts) must not keep the process alive until the
 * orchestrator's SIGKILL, which would leave no word of what hung.
 */
public final class StopDeadline implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(StopDeadline.class);

  /** Exit code of a process whose stop ran past its deadline. */
  public static final int EXIT_CODE = 4;

  /** The deadline of {@code vigil run}'s stop: under the 30 s SIGTERM grace of most supervisors. */
  public static final Duration DEFAULT = Duration.ofSeconds(25);

  private static final int FRAMES_PER_THREAD = 12;
  private static final int STOPPER_FRAMES = 48;

  private final Thread watchdog;
  private volatile boolean done;

  /** Set by the {@code vigil} command's {@code main}: only then does a deadline halt the JVM. */
  private static volatile boolean processOwned;

  private StopDeadline(Duration deadline, CloseStack stack, Optional<IntConsumer> halt) {
    this.watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(deadline.toMillis());
              } catch (InterruptedException e) {
                return; // closed in time
              }
              if (done) {
                return;
              }
              report(deadline, stack, halt.isPresent());
              halt.ifPresent(h -> h.accept(EXIT_CODE));
            },
            "vigil-stop-deadline");
    this.watchdog.setDaemon(true);
  }

  /**
   * Three lines, the most telling first (a log viewer or a CI excerpt that keeps only the head
   * still names the part): the part; the stopping thread's whole stack; every other thread.
   */
  private static void report(Duration deadline, CloseStack stack, boolean halt) {
    String part = stack.closing();
    LOGGER
        .atError()
        .addKeyValue("deadline_ms", deadline.toMillis())
        .addKeyValue("stopping", part)
        .addKeyValue("halt", halt)
        .log("stop ran past its deadline");
    Optional<Thread> stopper = stack.closingThread();
    long stopperId = stopper.map(Thread::getId).orElse(-1L);
    ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
    for (ThreadInfo info : threads) {
      if (info.getThreadId() == stopperId) {
        LOGGER
            .atError()
            .addKeyValue("stopping", part)
            .log("the stopping thread at the deadline:\n{}", describe(info, STOPPER_FRAMES));
      }
    }
    StringBuilder others = new StringBuilder();
    for (ThreadInfo info : threads) {
      if (info.getThreadId() != stopperId) {
        others.append(describe(info, FRAMES_PER_THREAD));
      }
    }
    LOGGER.atError().addKeyValue("stopping", part).log("the other threads:\n{}", others);
  }

  /**
   * Starts the clock: after {@code deadline}, unless closed, reports the part {@code stack} is
   * closing and the thread closing it, and calls {@code halt} with {@link #EXIT_CODE} (in a
   * process: {@code Runtime::halt}).
   */
  static StopDeadline arm(Duration deadline, CloseStack stack, IntConsumer halt) {
    return start(new StopDeadline(deadline, stack, Optional.of(halt)));
  }

  /**
   * The deadline of a stop in this JVM: it halts the JVM if the {@code vigil} command owns it
   * ({@link #ownTheProcess}); embedded (a test, a bench), it only reports, and the stop goes on.
   */
  public static StopDeadline armForThisJvm(Duration deadline, CloseStack stack) {
    return start(
        new StopDeadline(
            deadline,
            stack,
            processOwned ? Optional.of(Runtime.getRuntime()::halt) : Optional.empty()));
  }

  /** Called by {@code main}: this JVM is a {@code vigil} command's, a stop deadline may halt it. */
  public static void ownTheProcess() {
    processOwned = true;
  }

  private static StopDeadline start(StopDeadline d) {
    d.watchdog.start();
    return d;
  }

  /** The stop finished: the watchdog ends without a word. */
  @Override
  public void close() {
    done = true;
    watchdog.interrupt();
  }

  /** A thread's name, state, what it waits on and its top {@code maxFrames} frames. */
  private static String describe(ThreadInfo info, int maxFrames) {
    StringBuilder text = new StringBuilder();
    text.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
    if (info.getLockName() != null) {
      text.append(" on ").append(info.getLockName());
    }
    text.append('\n');
    StackTraceElement[] frames = info.getStackTrace();
    for (int i = 0; i < Math.min(frames.length, maxFrames); i++) {
      text.append("    at ").append(frames[i]).append('\n');
    }
    if (frames.length > maxFrames) {
      text.append("    ... ").append(frames.length - maxFrames).append(" more\n");
    }
    return text.toString();
  }
}
