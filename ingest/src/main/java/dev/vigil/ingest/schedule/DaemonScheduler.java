package dev.vigil.ingest.schedule;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The scheduled executors of the periodic collectors (posture checks, probes): daemon threads. */
public final class DaemonScheduler {
  private DaemonScheduler() {}

  /** A pool of {@code threads} daemon threads, each named {@code name}. */
  public static ScheduledExecutorService of(String name, int threads) {
    return Executors.newScheduledThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /** Interrupts the running tasks and waits up to 10 s for them to end. */
  public static void stop(ExecutorService executor) {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
