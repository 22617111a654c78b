package dev.vigil.app.runtime;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into an orderly stop: the main thread wakes up, closes every
 * component in reverse start order and returns, so the process exits 0 instead of the JVM's default
 * 143/130. A second signal while stopping falls back to the JVM's default (immediate) handling.
 */
public final class ShutdownSignal {
  private static final Logger LOGGER = LoggerFactory.getLogger(ShutdownSignal.class);
  private final CountDownLatch latch = new CountDownLatch(1);
  private volatile int exitCode;

  /** Installs the handlers; call once per process. */
  @SuppressWarnings("removal")
  public static ShutdownSignal install() {
    ShutdownSignal signal = new ShutdownSignal();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          s -> {
            if (signal.latch.getCount() == 0) {
              LOGGER.atWarn().addKeyValue("signal", s.getName()).log("second signal: exiting now");
              Runtime.getRuntime().halt(130);
            }
            LOGGER.atInfo().addKeyValue("signal", s.getName()).log("stopping");
            signal.latch.countDown();
          });
    }
    return signal;
  }

  /** A signal that only {@link #trigger()} fires (for embedding and tests). */
  public static ShutdownSignal manual() {
    return new ShutdownSignal();
  }

  /** Blocks until a signal arrives (or {@link #trigger()} is called). */
  public void await() throws InterruptedException {
    latch.await();
  }

  public void trigger() {
    latch.countDown();
  }

  /**
   * Wakes the waiter as {@link #trigger()} does, but for a failure: the command then exits with
   * {@code code} (non-zero). The first failure's code wins.
   */
  public synchronized void fail(int code) {
    if (code != 0 && exitCode == 0 && latch.getCount() > 0) {
      exitCode = code;
    }
    latch.countDown();
  }

  /** 0 after a stop signal, the code given to {@link #fail(int)} after a failure. */
  public int exitCode() {
    return exitCode;
  }
}
