package dev.vigil.app.drill;

import java.io.PrintWriter;
import java.util.Locale;

/** The drill's terminal: one line per step, prefixed with the seconds since the drill started. */
final class Progress {
  private final PrintWriter out;
  private final long startNanos;

  Progress(PrintWriter out, long startNanos) {
    this.out = out;
    this.startNanos = startNanos;
  }

  synchronized void step(String text) {
    out.println();
    line("==>", text);
  }

  synchronized void line(String label, String text) {
    out.printf(
        Locale.ROOT, "[%6.1fs] %-8s %s%n", (System.nanoTime() - startNanos) / 1e9, label, text);
    out.flush();
  }

  synchronized void raw(String text) {
    out.println(text);
    out.flush();
  }
}
