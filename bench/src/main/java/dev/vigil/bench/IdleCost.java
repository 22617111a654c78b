package dev.vigil.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU of one Kafka Streams app's stream threads over a window, read from the JVM's thread CPU
 * clocks (the app runs in the bench's JVM), and heap after a full GC.
 */
record IdleCost(double cpuMsPerSecond, long seconds) {

  /** CPU the stream threads of {@code applicationId} used per wall-clock second over {@code d}. */
  static IdleCost measure(String applicationId, Duration d) throws InterruptedException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> before = cpu(threads, applicationId);
    long start = System.nanoTime();
    Thread.sleep(d.toMillis());
    Map<Long, Long> after = cpu(threads, applicationId);
    double wallS = (System.nanoTime() - start) / 1e9;
    long used = 0;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      used += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return new IdleCost(used / 1e6 / wallS, d.toSeconds());
  }

  private static Map<Long, Long> cpu(ThreadMXBean threads, String applicationId) {
    Map<Long, Long> out = new HashMap<>();
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null
          && t.getThreadName().contains(applicationId)
          && t.getThreadName().contains("StreamThread")) {
        long ns = threads.getThreadCpuTime(t.getThreadId());
        if (ns >= 0) {
          out.put(t.getThreadId(), ns);
        }
      }
    }
    return out;
  }

  /** Heap in use after a full GC (twice, for the finalizer-free objects of the first). */
  static long heapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
