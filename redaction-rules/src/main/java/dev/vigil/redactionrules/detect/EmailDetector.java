package dev.vigil.redactionrules.detect;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * E-mail addresses: the spans of {@link #PATTERN} under RE2's leftmost-first semantics, found by
 * plain code in one pass (the pattern's NFA was the engine's hottest code: {@code {0,61}} makes
 * dozens of threads per character). Why this is exact: the local part {@code [A-Za-z0-9._%+-]+}
 * cannot contain {@code @}, so it is the run of those characters before an {@code @} (from the
 * search position on); a label cannot contain a dot, so each {@code label.} of the greedy {@code
 * (?:…\.)+} is forced and the labels form one chain; the greedy TLD {@code [A-Za-z]{2,24}} followed
 * by {@code \b} succeeds only on a whole letter run of 2–24 not followed by a digit or {@code _};
 * backtracking tries the TLD after the last label first, then after each earlier one. Every
 * character is looked at a bounded number of times: linear time. {@code PrefilterEquivalenceTest}
 * compares the spans with the pattern's.
 */
final class EmailDetector implements Detector {
  /** What this detector finds; the reference its tests compare with. */
  static final Pattern PATTERN =
      Pattern.compile(
          "[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+"
              + "[A-Za-z]{2,24}\\b");

  private static final Runs.Ascii LOCAL = new Runs.Ascii("A~Za~z0~9._%+-");
  private static final Runs.Ascii LABEL = new Runs.Ascii("A~Za~z0~9-");
  private static final Runs.Ascii ALNUM = new Runs.Ascii("A~Za~z0~9");
  private static final Runs.Ascii WORD = new Runs.Ascii("A~Za~z0~9_");

  @Override
  public String type() {
    return "email";
  }

  @Override
  public int priority() {
    return 50;
  }

  @Override
  public boolean mayMatch(TextProfile p) {
    return p.at >= 1 && p.dots >= 1;
  }

  @Override
  public void find(String t, List<Span> out) {
    int from = 0; // the search position: the end of the last match
    for (int at = t.indexOf('@'); at >= 0; at = t.indexOf('@', at + 1)) {
      int s = at;
      while (s > from && LOCAL.in(t.charAt(s - 1))) {
        s--;
      }
      if (s == at) {
        continue; // no local part
      }
      int e = domainEnd(t, at + 1);
      if (e < 0) {
        continue;
      }
      if (accept(t, s, at)) {
        out.add(new Span(s, e, type(), priority()));
      }
      from = e;
    }
  }

  /** The end of {@code (?:label\.)+tld\b} from {@code d} as RE2 prefers it, or -1. */
  private static int domainEnd(String t, int d) {
    int n = t.length();
    // the chain of labels: starts[k] is where the text after k labels begins
    int[] starts = new int[8];
    int k = 0;
    int p = d;
    while (true) {
      int q = p;
      while (q < n && LABEL.in(t.charAt(q))) {
        q++;
      }
      int len = q - p;
      if (q >= n
          || t.charAt(q) != '.'
          || len < 1
          || len > 63
          || !ALNUM.in(t.charAt(p))
          || !ALNUM.in(t.charAt(q - 1))) {
        break;
      }
      if (++k == starts.length) {
        starts = java.util.Arrays.copyOf(starts, k * 2);
      }
      p = q + 1;
      starts[k] = p;
    }
    for (int j = k; j >= 1; j--) {
      int a = starts[j];
      int b = a;
      while (b < n && isLetter(t.charAt(b))) {
        b++;
      }
      int r = b - a;
      if (r >= 2 && r <= 24 && (b == n || !WORD.in(t.charAt(b)))) {
        return b;
      }
    }
    return -1;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Precision: neither the address nor its local part's end is a dot. */
  private static boolean accept(String t, int s, int at) {
    return t.charAt(s) != '.' && t.charAt(at - 1) != '.';
  }
}
