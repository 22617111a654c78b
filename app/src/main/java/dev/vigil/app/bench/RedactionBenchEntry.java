package dev.vigil.app.bench;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Public entry of the redaction benchmark (the harness classes stay package-private). */
public final class RedactionBenchEntry {
  public void run(PrintWriter out, Path dir, int events, int rate, int pacedSeconds, int threads)
      throws Exception {
    new RedactionBench(out, events, rate, pacedSeconds, threads).run(dir);
  }
}
