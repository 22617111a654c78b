package dev.vigil.app.bench;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Public entry of the failover detection-latency benchmark. */
public final class FailoverBenchEntry {
  /** See {@code vigil bench failover --help} for the meaning of each parameter. */
  public void run(
      PrintWriter out,
      Path dir,
      int rate,
      int services,
      int incidents,
      int idleIncidents,
      int markers,
      int warmupSeconds,
      boolean redactor,
      int threads,
      int fetchMaxWaitMs)
      throws Exception {
    new FailoverBench(
            out,
            new FailoverBench.Options(
                rate,
                services,
                incidents,
                idleIncidents,
                markers,
                warmupSeconds,
                redactor,
                threads,
                fetchMaxWaitMs))
        .run(dir);
  }
}
