package dev.vigil.redactionrules.detect;

import java.util.List;

/**
 * Phone numbers: E.164 ({@code +14155552671}), international forms ({@code +49 30 901820}, {@code
 * +44 (0)20 7946 0958}, {@code 0044 20 7946 0958}, {@code 001-420-335-7509}) and national forms of
 * the configured regions ({@code (201) 555-0123}, {@code 07700 900123}, {@code 2015550123}), with
 * an optional extension ({@code x123}, {@code ext. 123}, {@code #12}).
 *
 * <p>A plain-code scanner finds the candidates in linear time: the runs of digits and {@code .()+-}
 * with at least 7 digits, split into digit groups and the joints between them ({@link
 * PhoneGroups}); every group starts a candidate, tried longest first, of at most seven groups and
 * 15 digits (18 with an international call prefix), so each start costs a bounded number of checks.
 * Cheap shape rules go first, and only what survives them goes to libphonenumber ({@link
 * PhoneValidator}):
 *
 * <ul>
 *   <li>8–15 digits, 7 after {@code +} ({@code +683 7012}); groups of at most 10 digits; in
 *       national forms a one-digit group leads ({@code 1 800 …}, {@code 00 33 1 …}, {@code (06 1)
 *       …}) or makes the grouping unusual; at most one pair of parentheses, around the first or
 *       second group and not around the last one;
 *   <li>not preceded by a word character or {@code +.:/-} (versions, paths, timestamps, ids; a
 *       {@code +} may follow {@code :} or {@code =} as in {@code tel:+1…}); not followed by a word
 *       character, {@code :} or {@code /}, nor by {@code .}/{@code -} and a digit (a longer dotted
 *       or dashed number);
 *   <li>not a date ({@code 2016-01-27}, {@code 27.01.2016}, and longer runs starting with one), not
 *       a dotted quad, dotted groups only of 2–4 digits; a run of more than 15 digits in groups
 *       with one separator is one long number (a card, an account) and holds no phone number;
 *   <li>one compact digit string without {@code +} needs a phone word close by ({@link PhoneCues}).
 * </ul>
 */
final class PhoneDetector implements Detector {
  /** Regions for national formats when a rule set does not name any. */
  static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR", "IN");

  private static final int MIN_DIGITS = 8;

  /** +683 7012 (Niue), +290 8999 (St Helena): the shortest international numbers. */
  private static final int MIN_PLUS_DIGITS = 7;

  private static final int MAX_DIGITS = 15;
  private static final int MAX_IDD_DIGITS = MAX_DIGITS + 3;
  private static final int MAX_GROUPS = 7;
  private static final int MAX_GROUP_DIGITS = 10;

  private final PhoneValidator validator;

  PhoneDetector(List<String> regions) {
    this.validator = new PhoneValidator(regions);
  }

  @Override
  public String type() {
    return "phone";
  }

  @Override
  public int priority() {
    return 20;
  }

  @Override
  public boolean mayMatch(TextProfile p) {
    return p.groupedDigits >= MIN_DIGITS || (p.groupedDigits >= MIN_PLUS_DIGITS && p.plus > 0);
  }

  @Override
  public void find(String text, List<Span> out) {
    Runs.digitRuns(text, " .()+-", MIN_PLUS_DIGITS, (rs, re) -> region(text, rs, re, out));
  }

  private void region(String text, int rs, int re, List<Span> out) {
    if (re - rs < MIN_DIGITS && !hasPlus(text, rs, re)) {
      return; // 7 digits and no '+': too short for anything but a local number
    }
    PhoneGroups g = PhoneGroups.of(text, rs, re);
    int c0 = 0;
    while (c0 < g.count) {
      // a chain: groups joined by phone-like joints
      int c1 = c0;
      while (c1 + 1 < g.count && g.joint[c1] != 0) {
        c1++;
      }
      if (!g.oneLongNumber(c0, c1, MAX_DIGITS)) {
        chain(text, g, c0, c1, out);
      }
      c0 = c1 + 1;
    }
  }

  private static boolean hasPlus(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '+') {
        return true;
      }
    }
    return false;
  }

  private void chain(String text, PhoneGroups g, int c0, int c1, List<Span> out) {
    int a = c0;
    while (a < c1 + 1) { // not a <= c1: see PhoneGroups
      // "+999 30 901820": the groups after a '+' that starts no phone number belong to it
      int next = g.plus[a] ? a + 2 : a + 1;
      for (int b = Math.min(c1, a + MAX_GROUPS - 1); b > a - 1; b--) {
        Span s = candidate(text, g, a, b);
        if (s != null) {
          out.add(s);
          next = b + 1;
          break;
        }
      }
      a = next;
    }
  }

  /** The phone number made of groups {@code a..b}, or null. */
  private Span candidate(String text, PhoneGroups g, int a, int b) {
    int raw = g.digits(a, b);
    if (raw < (g.plus[a] ? MIN_PLUS_DIGITS : MIN_DIGITS) || raw > MAX_IDD_DIGITS) {
      return null;
    }
    // at most one pair of parentheses, opening before the first or second group: "(201) 555-0123",
    // "+1 (201) …", "8 (71234) 5 67 89", "(06 1) 234 5678"; a lone one outside the number is fine
    int[] pair = g.parenPair(a, b);
    if (pair == null) {
      return null;
    }
    if (pair[0] > a && pair[1] == b) {
      return null; // "+5012221234 (4411)": a number does not end in a group in parentheses
    }
    boolean inside = pair[0] >= 0 && pair[1] < b; // the number continues after ')'
    boolean plus = g.plus[a];
    int start = plus || (inside && pair[0] == a) ? g.start[a] - 1 : g.start[a];
    if (!leftBoundary(text, start, plus)) {
      return null;
    }
    // "+44 (0)20 …": the trunk prefix in parentheses is not dialled from abroad
    boolean trunkInParens =
        plus && inside && pair[0] == a + 1 && pair[1] == a + 1 && g.isZero(text, a + 1);
    boolean unusual = !g.usualGroups(a, b, pair);
    for (int k = a; k < b + 1; k++) { // not k <= b: see PhoneGroups
      int len = g.length(k);
      if (b > a && len > MAX_GROUP_DIGITS) {
        return null;
      }
      boolean leading = k == a || (k == a + 1 && idd(text, g, a)) || (inside && k <= pair[1]);
      if (len == 1 && !plus && !leading) {
        unusual = true; // "21 23 4 56789" (Côte d'Ivoire) is right, "12 3 4567" rarely
      }
    }
    if (g.dateLike(text, a, b) || !g.dotsOk(a, b, plus)) {
      return null;
    }
    int end = extension(text, g.end[b]);
    if (!rightBoundary(text, end)) {
      return null;
    }
    if (!plus && a == b && !PhoneCues.near(text, start, end)) {
      return null; // one compact digit string: a counter or an id unless a cue word says otherwise
    }
    String digits = g.digitString(text, a, b, trunkInParens ? a + 1 : -1);
    return valid(g, a, b, plus, unusual, digits) ? new Span(start, end, type(), priority()) : null;
  }

  private boolean valid(PhoneGroups g, int a, int b, boolean plus, boolean unusual, String digits) {
    if (plus) {
      return digits.length() <= MAX_DIGITS && validator.international(digits, false);
    }
    boolean bare = a == b;
    if (digits.length() <= MAX_DIGITS
        && validator.national(digits, bare || unusual, g.lengths(a, b))) {
      return true;
    }
    // "0044 20 7946 0958", "001-420-335-7509": an international call prefix instead of '+'
    int idd = digits.startsWith("011") ? 3 : digits.startsWith("00") ? 2 : 0;
    return idd > 0
        && digits.length() - idd <= MAX_DIGITS
        && validator.international(digits.substring(idd), bare);
  }

  private static boolean idd(String text, PhoneGroups g, int a) {
    return text.startsWith("00", g.start[a]) || text.startsWith("011", g.start[a]);
  }

  /** Not glued to a word, a version, a path or a time: {@code [^\w+.:/-]} before (as before). */
  private static boolean leftBoundary(String text, int start, boolean plus) {
    if (start == 0) {
      return true;
    }
    char c = text.charAt(start - 1);
    if (plus && (c == ':' || c == '=')) {
      return true; // tel:+1…, phone=+49…
    }
    return !asciiWord(c) && "+.:/-".indexOf(c) < 0;
  }

  private static boolean rightBoundary(String text, int end) {
    if (end >= text.length()) {
      return true;
    }
    char c = text.charAt(end);
    if (Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '/') {
      return false; // a longer token, a time ("… 20:39:42"), a path
    }
    // "1402307733.473", "201-555-0123-7": part of a longer dotted or dashed number
    return !((c == '.' || c == '-') && end + 1 < text.length() && Runs.digit(text.charAt(end + 1)));
  }

  /** End of an extension ({@code x123}, {@code ext. 123}, {@code #12}) after {@code e}, or e. */
  private static int extension(String t, int e) {
    int n = t.length();
    int i = e;
    if (i < n && t.charAt(i) == ' ') {
      i++;
    }
    if (t.regionMatches(true, i, "ext.", 0, 4)) {
      i += 4;
    } else if (t.regionMatches(true, i, "ext", 0, 3)) {
      i += 3;
    } else if (i < n && (t.charAt(i) == 'x' || t.charAt(i) == 'X' || t.charAt(i) == '#')) {
      i++;
    } else {
      return e;
    }
    if (i < n && t.charAt(i) == ' ') {
      i++;
    }
    int d = i;
    while (i < n && Runs.digit(t.charAt(i)) && i - d < 7) {
      i++;
    }
    if (i == d || i - d > 6 || (i < n && asciiWord(t.charAt(i)))) {
      return e;
    }
    return i;
  }

  static boolean asciiWord(char c) {
    return Runs.digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }
}
