package dev.vigil.redactionrules.detect;

/**
 * Character statistics of one string, computed in one pass, so detectors skip text that cannot
 * contain what they look for (most log text contains nothing): counts, plus the longest runs of the
 * characters an address or number is made of.
 */
public final class TextProfile {
  int length;
  int digits;
  int upper;
  int at;
  int colons;
  int dots;
  int dashes;
  int equals;
  int hyphenOrSpace;

  /** Most dots in one run of {@code [0-9.]} (IPv4 needs 3). */
  int numRunDots;

  /** Most colons in one run of {@code [0-9A-Fa-f:.]} (IPv6 needs 2). */
  int hexRunColons;

  /** Most separators in one run of {@code [0-9A-Fa-f:.-]} (MAC needs 5, or 2 dots). */
  int hexRunSeps;

  /** Most digits in one run of {@code [0-9 .()+-]} (cards 13, SSN 9, phones 8). */
  int groupedDigits;

  /** Whether {@code [A-Z][A-Z][0-9][0-9]} occurs (an IBAN head). */
  boolean ibanHead;

  public TextProfile of(String s) {
    length = s.length();
    digits = upper = at = colons = dots = dashes = equals = hyphenOrSpace = 0;
    numRunDots = hexRunColons = hexRunSeps = groupedDigits = 0;
    ibanHead = false;
    int numDots = 0;
    int hexColons = 0;
    int hexSeps = 0;
    int grouped = 0;
    char p1 = 0;
    char p2 = 0;
    char p3 = 0;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (digit) {
        digits++;
        if (!ibanHead && isDigit(p1) && isUpper(p2) && isUpper(p3)) {
          ibanHead = true;
        }
      } else if (c >= 'A' && c <= 'Z') {
        upper++;
      } else {
        switch (c) {
          case '@' -> at++;
          case ':' -> colons++;
          case '.' -> dots++;
          case '-' -> {
            dashes++;
            hyphenOrSpace++;
          }
          case ' ' -> hyphenOrSpace++;
          case '=' -> equals++;
          default -> {}
        }
      }
      // [0-9.] runs
      if (digit) {
        // stays in the run
      } else if (c == '.') {
        numRunDots = Math.max(numRunDots, ++numDots);
      } else {
        numDots = 0;
      }
      // [0-9A-Fa-f:.] and [0-9A-Fa-f:.-] runs
      if (hex) {
        // stays in the run
      } else if (c == ':' || c == '.') {
        hexRunColons = Math.max(hexRunColons, c == ':' ? ++hexColons : hexColons);
        hexRunSeps = Math.max(hexRunSeps, ++hexSeps);
      } else if (c == '-') {
        hexColons = 0;
        hexRunSeps = Math.max(hexRunSeps, ++hexSeps);
      } else {
        hexColons = 0;
        hexSeps = 0;
      }
      // [0-9 .()+-] runs
      if (digit) {
        groupedDigits = Math.max(groupedDigits, ++grouped);
      } else if (c != ' ' && c != '.' && c != '(' && c != ')' && c != '+' && c != '-') {
        grouped = 0;
      }
      p3 = p2;
      p2 = p1;
      p1 = c;
    }
    return this;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /** Whether {@code s} contains {@code needle} ignoring ASCII case ({@code needle} lower case). */
  static boolean containsIgnoreCase(String s, String needle) {
    int n = needle.length();
    outer:
    for (int i = 0, last = s.length() - n; i <= last; i++) {
      for (int k = 0; k < n; k++) {
        char c = s.charAt(i + k);
        if (c >= 'A' && c <= 'Z') {
          c = (char) (c + 32);
        }
        if (c != needle.charAt(k)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
