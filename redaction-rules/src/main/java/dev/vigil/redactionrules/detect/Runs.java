package dev.vigil.redactionrules.detect;

/** Finds maximal runs of a character class in plain code (cheaper than a regex scan). */
final class Runs {
  interface CharClass {
    boolean in(char c);
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
   * Regions made of digits and {@code separators} holding at least {@code minDigits} digits (each
   * region starts and ends with a digit or a separator).
   */
  static void digitRuns(
      String t,
      String separators,
      int minDigits,
      java.util.function.BiConsumer<Integer, Integer> sink) {
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
