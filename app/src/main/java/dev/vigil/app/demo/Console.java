package dev.vigil.app.demo;

import dev.vigil.schemas.text.SafeText;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The demo's terminal: one line per thing that happened, prefixed with the seconds since the demo
 * started. ANSI colours only when asked for (a terminal, no {@code --no-color}, no {@code
 * NO_COLOR}); plain ASCII otherwise, so a log file or CI output stays readable.
 */
final class Console {
  enum Tone {
    PLAIN("0"),
    DIM("2"),
    STEP("1;36"),
    GOOD("32"),
    WARN("33"),
    BAD("1;31"),
    STAGE("1;35");

    private final String code;

    Tone(String code) {
      this.code = code;
    }
  }

  private final PrintWriter out;
  private final boolean colour;
  private final long startNanos;

  Console(PrintWriter out, boolean colour, long startNanos) {
    this.out = out;
    this.colour = colour;
    this.startNanos = startNanos;
  }

  /** True when stdout is a terminal and the user did not opt out. */
  static boolean colourWanted(boolean noColourFlag) {
    String noColor = System.getenv("NO_COLOR");
    return !noColourFlag
        && (noColor == null || noColor.isEmpty())
        && System.console() != null
        && !"dumb".equals(System.getenv("TERM"));
  }

  long elapsedMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * {@code [ 12.3s] label text}; {@code text} may hold attacker-influenced names (a signature, a
   * host), so control and bidi characters in it are escaped visibly ({@link SafeText}).
   */
  synchronized void line(Tone tone, String label, String text) {
    emit(tone, label, SafeText.escape(text));
  }

  private void emit(Tone tone, String label, String text) {
    String stamp = String.format(Locale.ROOT, "[%6.1fs]", elapsedMs() / 1000.0);
    out.println(paint(Tone.DIM, stamp) + " " + paint(tone, pad(label)) + " " + text);
    out.flush();
  }

  /** A continuation line under the previous one, aligned with its text. */
  synchronized void detail(String label, String text) {
    out.println(" ".repeat(10) + paint(Tone.DIM, pad(label)) + " " + SafeText.escape(text));
    out.flush();
  }

  /** A narrated step of the script. */
  synchronized void step(String text) {
    out.println();
    emit(Tone.STEP, "==>", paint(Tone.STEP, SafeText.escape(text)));
  }

  /** Lines without a time stamp (banner, summary). */
  synchronized void raw(String text) {
    out.println(text);
    out.flush();
  }

  synchronized void raw(Tone tone, String text) {
    raw(paint(tone, text));
  }

  String paint(Tone tone, String text) {
    return colour && tone != Tone.PLAIN ? "\u001b[" + tone.code + "m" + text + "\u001b[0m" : text;
  }

  private static String pad(String label) {
    return String.format(Locale.ROOT, "%-8s", label);
  }

  /** {@code [##........]} for a traffic share. */
  static String bar(int percent) {
    int filled = Math.max(0, Math.min(10, Math.round(percent / 10f)));
    return "[" + "#".repeat(filled) + ".".repeat(10 - filled) + "]";
  }

  /** Event ids shortened for the eye; {@code vigil tail} shows them in full. */
  static String id(String eventId) {
    if (eventId.matches("[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}")) {
      return eventId.substring(0, 8);
    }
    int dash = eventId.indexOf('-');
    if (dash > 0 && dash < 8 && eventId.length() > dash + 9) {
      return eventId.substring(0, dash + 9);
    }
    return eventId;
  }
}
