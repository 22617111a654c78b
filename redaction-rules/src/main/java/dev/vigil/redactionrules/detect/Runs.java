package dev.vigil.redactionrules.detect;

/** Finds maximal runs of a character class in plain code (cheaper than a regex scan). */
final class Runs {
  interface CharClass {
    boolean in(char c);
  }

  /** Receives {@code [start, end)} of one region. */
  interface Sink {
    void accept(int start, int end);
  }

  /** A set of ASCII characters as a lookup table; characters above 127 are never in it. */
  static final class Ascii {
    private final boolean[] in = new boolean[128];

    /** {@code spec}: characters, and ranges written {@code a~z}. */
    Ascii(String spec) {
      for (int i = 0; i < spec.length(); i++) {
        char from = spec.charAt(i);
        char to = from;
        if (i + 2 < spec.length() && spec.charAt(i + 1) == '~') {
          to = spec.charAt(i + 2);
          i += 2;
        }
        for (char c = from; c <= to; c++) {
          in[c] = true;
        }
      }
    }

    boolean in(char c) {
      return c < 128 && in[c];
    }
  }

  private Runs() {}

  /** End of the run of {@code cls} starting at {@code from}. */
  static int end(String t, int from, CharClass cls) {
    int i = from;
    while (i < t.length() && cls.in(t.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * Maximal runs of {@code cls} at least {@code minLength} long that contain {@code required} (0:
   * any run), in order.
   */
  static void runs(String t, Ascii cls, char required, int minLength, Sink sink) {
    int n = t.length();
    int i = 0;
    while (i < n) {
      if (!cls.in(t.charAt(i))) {
        i++;
        continue;
      }
      int s = i;
      boolean has = required == 0;
      while (i < n && cls.in(t.charAt(i))) {
        has |= t.charAt(i) == required;
        i++;
      }
      if (has && i - s >= minLength) {
        sink.accept(s, i);
      }
    }
  }

  /**
   * Regions made of digits and {@code separators} holding at least {@code minDigits} digits (each
   * region starts and ends with a digit or a separator).
   */
  static void digitRuns(String t, String separators, int minDigits, Sink sink) {
    int n = t.length();
    int i = 0;
    while (i < n) {
      char c = t.charAt(i);
      if (!digit(c) && separators.indexOf(c) < 0) {
        i++;
        continue;
      }
      int s = i;
      int digits = 0;
      while (i < n && (digit(t.charAt(i)) || separators.indexOf(t.charAt(i)) >= 0)) {
        if (digit(t.charAt(i))) {
          digits++;
        }
        i++;
      }
      if (digits >= minDigits) {
        sink.accept(s, i);
      }
    }
  }

  static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean hex(char c) {
    return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
