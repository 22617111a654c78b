package dev.vigil.redactionrules.detect;

/**
 * The digit groups of one run of digits and {@code .()+-} (see {@link PhoneDetector}), with what
 * joins each group to the next and the parentheses and {@code +} around each. Plain arrays: a run
 * is scanned once and the candidates only read them.
 *
 * <p>Loops over groups {@code a..b} are written {@code k < b + 1}, not {@code k <= b}, here and in
 * {@link PhoneDetector} and {@link CardDetector}: Java 17's C2 guards an inclusive loop with a
 * loop-limit check whose trap discarded the compiled {@code PhoneDetector.candidate} (these loops
 * inlined, ~9 KB) once per loop — six C2 compilations of ~0.3 s each in a 100,000-event {@code
 * vigil redact} run (docs/benchmarks/redact-cli.md).
 */
final class PhoneGroups {
  int count;
  int[] start;
  int[] end;

  /**
   * The joint after group k: its separator ({@code ' '}, {@code '-'}, {@code '.'}), {@code 'p'} for
   * a parenthesis with at most one separator, or 0 where a phone number cannot continue.
   */
  char[] joint;

  boolean[] plus;
  boolean[] open;
  boolean[] close;

  private PhoneGroups(int capacity) {
    start = new int[capacity];
    end = new int[capacity];
    joint = new char[capacity];
    plus = new boolean[capacity];
    open = new boolean[capacity];
    close = new boolean[capacity];
  }

  static PhoneGroups of(String t, int rs, int re) {
    int n = 0;
    for (int i = rs; i < re; i++) {
      if (Runs.digit(t.charAt(i)) && (i == rs || !Runs.digit(t.charAt(i - 1)))) {
        n++;
      }
    }
    PhoneGroups g = new PhoneGroups(n);
    int i = rs;
    while (i < re) {
      if (!Runs.digit(t.charAt(i))) {
        i++;
        continue;
      }
      int s = i;
      while (i < re && Runs.digit(t.charAt(i))) {
        i++;
      }
      int k = g.count++;
      g.start[k] = s;
      g.end[k] = i;
      g.plus[k] = s > 0 && t.charAt(s - 1) == '+';
      g.open[k] = s > 0 && t.charAt(s - 1) == '(';
      g.close[k] = i < t.length() && t.charAt(i) == ')';
      if (k > 0) {
        g.joint[k - 1] = joint(t, g.end[k - 1], s);
      }
    }
    return g;
  }

  private static char joint(String t, int from, int to) {
    char c0 = t.charAt(from);
    if (to - from == 1) {
      return sep(c0) ? c0 : (c0 == '(' || c0 == ')') ? 'p' : 0;
    }
    if (to - from == 2) {
      char c1 = t.charAt(from + 1);
      if ((c0 == ')' && sep(c1)) || (sep(c0) && c1 == '(')) {
        return 'p'; // "(201) 555", "+1 (201)"
      }
    }
    return 0;
  }

  private static boolean sep(char c) {
    return c == ' ' || c == '-' || c == '.';
  }

  int length(int k) {
    return end[k] - start[k];
  }

  int digits(int a, int b) {
    int d = 0;
    for (int k = a; k < b + 1; k++) {
      d += length(k);
    }
    return d;
  }

  int[] lengths(int a, int b) {
    int[] l = new int[b - a + 1];
    for (int k = a; k < b + 1; k++) {
      l[k - a] = length(k);
    }
    return l;
  }

  /** The digits of groups a..b, leaving out group {@code skip} (-1: none). */
  String digitString(String t, int a, int b, int skip) {
    StringBuilder d = new StringBuilder(MAX_CHARS);
    for (int k = a; k < b + 1; k++) {
      if (k != skip) {
        d.append(t, start[k], end[k]);
      }
    }
    return d.toString();
  }

  private static final int MAX_CHARS = 20;

  boolean isZero(String t, int k) {
    return length(k) == 1 && t.charAt(start[k]) == '0';
  }

  /**
   * The pair of parentheses in groups a..b as {@code {first group inside, last group inside}},
   * {@code {-1, -1}} for none, or null when they do not pair up: at most one pair, opening before
   * group a or a+1; a lone '(' before group a or ')' after group b stands outside the number.
   */
  int[] parenPair(int a, int b) {
    int openAt = -1;
    int[] pair = {-1, -1};
    for (int k = a; k < b + 1; k++) {
      if (open[k]) {
        if (openAt >= 0 || pair[0] >= 0 || k > a + 1) {
          return null;
        }
        openAt = k;
      }
      if (close[k]) {
        if (openAt >= 0) {
          pair[0] = openAt;
          pair[1] = k;
          openAt = -1;
        } else if (k != b) {
          return null;
        }
      }
    }
    return openAt < 0 || openAt == a ? pair : null;
  }

  /**
   * Every group of 2–4 digits, or of 1–4 digits inside the parentheses: the groupings phone numbers
   * are usually written in.
   */
  boolean usualGroups(int a, int b, int[] pair) {
    for (int k = a; k < b + 1; k++) {
      int len = length(k);
      int min = k >= pair[0] && k <= pair[1] ? 1 : 2;
      if (len < min || len > 4) {
        return false;
      }
    }
    return true;
  }

  /** Starts with a date: 2016-01-27 (4-2-2 from a year), 27.01.2016 (2-2-4 to a year). */
  boolean dateLike(String t, int a, int b) {
    if (b - a < 2 || joint[a] != joint[a + 1] || joint[a] == 'p') {
      return false;
    }
    int l0 = length(a);
    int l1 = length(a + 1);
    int l2 = length(a + 2);
    return (l0 == 4 && l1 == 2 && l2 == 2 && year(t, start[a]))
        || (l0 == 2 && l1 == 2 && l2 == 4 && year(t, start[a + 2]));
  }

  private static boolean year(String t, int at) {
    return t.startsWith("19", at) || t.startsWith("20", at);
  }

  /**
   * Groups joined only by dots are a phone number only as 2–4 digit groups (986.291.2294) and not
   * as a dotted quad (10.12.11.1, 192.168.133.100); the calling code after {@code +} is exempt.
   */
  boolean dotsOk(int a, int b, boolean plusFirst) {
    if (b == a) {
      return true;
    }
    boolean small = b - a == 3;
    for (int k = a; k < b; k++) {
      if (joint[k] != '.') {
        return true;
      }
    }
    for (int k = plusFirst ? a + 1 : a; k < b + 1; k++) {
      int len = length(k);
      if (len < 2 || len > 4) {
        return false;
      }
      small &= len <= 3;
    }
    return !small;
  }

  /**
   * A chain of more than {@code maxDigits} digits in groups with one separator is one long number
   * (a card, an account, an id) and holds no phone number.
   */
  boolean oneLongNumber(int c0, int c1, int maxDigits) {
    if (c1 == c0 || digits(c0, c1) <= maxDigits) {
      return false;
    }
    char s = joint[c0];
    for (int k = c0; k < c1; k++) {
      if (joint[k] != s || s == 'p') {
        return false;
      }
    }
    return true;
  }
}
