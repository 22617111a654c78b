package dev.vigil.bench;

import java.util.concurrent.TimeUnit;

/** Samples the correlator's lag every 500 ms; keeps the maximum. */
final class LagSampler implements AutoCloseable {
  private final GroupLag lag;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long max;

  LagSampler(GroupLag lag) {
    this.lag = lag;
    this.thread = new Thread(this::run, "bench-lag-sampler");
    this.thread.setDaemon(true);
  }

  LagSampler start() {
    thread.start();
    return this;
  }

  private void run() {
    while (running) {
      try {
        max = Math.max(max, lag.read().lag());
        TimeUnit.MILLISECONDS.sleep(500);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // a missed sample only makes the maximum less precise
      }
    }
  }

  long max() {
    return max;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
  }
}
