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
  int plus;
  int hyphenOrSpace;

  /** Most dots in one run of {@code [0-9.]} (IPv4 needs 3). */
  int numRunDots;

  /** Most colons in one run of {@code [0-9A-Fa-f:.]} (IPv6 needs 2). */
  int hexRunColons;

  /** Most separators in one run of {@code [0-9A-Fa-f:.-]} (MAC needs 5, or 2 dots). */
  int hexRunSeps;

  /** Most digits in one run of {@code [0-9 .()+-]} (cards 12, SSN 9, phones 8). */
  int groupedDigits;

  /**
   * Whether {@code [A-Za-z][A-Za-z][0-9][0-9]} occurs at the start of a word (an IBAN head, either
   * case; {@code user12} is none).
   */
  boolean ibanHead;

  /** Key words present, ignoring ASCII case: bits {@link #PASS}, {@link #PWD}, … */
  int words;

  static final int PASS = 1;
  static final int PWD = 1 << 1;
  static final int SECRET = 1 << 2;
  static final int KEY = 1 << 3;
  static final int TOKEN = 1 << 4;
  static final int BEARER = 1 << 5;
  static final int BASIC = 1 << 6;

  /** The words a password pair's key contains one of. */
  static final int SECRET_WORDS = PASS | PWD | SECRET | KEY | TOKEN;

  /** Whether any word of {@code mask} occurs. */
  boolean hasWord(int mask) {
    return (words & mask) != 0;
  }

  // run lengths while scanning: the current run of each kind (the fields above keep the longest)
  private int numDots;
  private int hexColons;
  private int hexSeps;
  private int grouped;

  public TextProfile of(String s) {
    reset(s.length());
    char p1 = 0;
    char p2 = 0;
    char p3 = 0;
    char p4 = 0;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      if (digit
          && !ibanHead
          && isDigit(p1)
          && isAsciiLetter(p2)
          && isAsciiLetter(p3)
          && !isAsciiWord(p4)) {
        ibanHead = true;
      }
      count(s, i, c, digit);
      runs(c, digit);
      p4 = p3;
      p3 = p2;
      p2 = p1;
      p1 = c;
    }
    return this;
  }

  private void reset(int newLength) {
    length = newLength;
    digits = upper = at = colons = dots = dashes = equals = plus = hyphenOrSpace = 0;
    numRunDots = hexRunColons = hexRunSeps = groupedDigits = 0;
    ibanHead = false;
    words = 0;
    numDots = hexColons = hexSeps = grouped = 0;
  }

  /** The per-character counts and the key words starting at {@code i}. */
  private void count(String s, int i, char c, boolean digit) {
    if (digit) {
      digits++;
    } else if (c >= 'A' && c <= 'Z') {
      upper++;
      words |= wordAt(s, i, (char) (c + 32));
    } else if ((c >= 'a' && c <= 'z') || c == LONG_S || c == KELVIN) {
      words |= wordAt(s, i, fold(c));
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
        case '+' -> plus++;
        default -> {}
      }
    }
  }

  /** Extends or ends the current runs with {@code c} and keeps their longest lengths. */
  private void runs(char c, boolean digit) {
    boolean hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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
  }

  /**
   * The key word starting at {@code i}, whose first letter in lower case is {@code c}; case is
   * ignored as RE2's {@code (?i)} ignores it.
   */
  private static int wordAt(String s, int i, char c) {
    if (i + 3 > s.length()) {
      return 0; // every word has at least three letters
    }
    char next = fold(s.charAt(i + 1)); // most letters are rejected here, without a call
    return switch (c) {
      case 'p' ->
          next == 'a'
              ? (startsWithIgnoreCase(s, i, "pass") ? PASS : 0)
              : next == 'w' && startsWithIgnoreCase(s, i, "pwd") ? PWD : 0;
      case 's' -> next == 'e' && startsWithIgnoreCase(s, i, "secret") ? SECRET : 0;
      case 'k' -> next == 'e' && startsWithIgnoreCase(s, i, "key") ? KEY : 0;
      case 't' -> next == 'o' && startsWithIgnoreCase(s, i, "token") ? TOKEN : 0;
      case 'b' ->
          next == 'e'
              ? (startsWithIgnoreCase(s, i, "bearer") ? BEARER : 0)
              : next == 'a' && startsWithIgnoreCase(s, i, "basic") ? BASIC : 0;
      default -> 0;
    };
  }

  /**
   * Whether {@code needle} (lower case ASCII) occurs at {@code i}, case folded by {@link #fold}.
   */
  private static boolean startsWithIgnoreCase(String s, int i, String needle) {
    int n = needle.length();
    if (i + n > s.length()) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      if (fold(s.charAt(i + k)) != needle.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The characters RE2's {@code (?i)} folds onto ASCII letters besides their other case: {@code ſ}
   * (U+017F) matches {@code s}, the Kelvin sign (U+212A) matches {@code k}.
   */
  private static final char LONG_S = '\u017f';

  private static final char KELVIN = '\u212a';

  /** Lower case as RE2's case folding sees ASCII letters (so a prefilter never misses a match). */
  static char fold(char c) {
    if (c >= 'A' && c <= 'Z') {
      return (char) (c + 32);
    }
    return c == LONG_S ? 's' : c == KELVIN ? 'k' : c;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiWord(char c) {
    return isAsciiLetter(c) || isDigit(c) || c == '_';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
