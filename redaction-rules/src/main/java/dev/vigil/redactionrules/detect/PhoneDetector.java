package dev.vigil.redactionrules.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;

/**
 * Phone numbers: E.164 ({@code +14155552671}) and grouped national/international forms with space,
 * dot or dash separators, an optional {@code +CC} and {@code (area)} prefix and an optional
 * extension ({@code x123}, {@code ext. 123}).
 *
 * <p>Precision rules, because logs are full of numbers: 8–15 digits without the extension; at least
 * two groups unless it starts with {@code +}; not preceded by a word character, {@code +}, {@code
 * .}, {@code :}, {@code /} or {@code -} (versions, paths, timestamps, IDs); ISO-like dates ({@code
 * 2016-01-27}, {@code 27.01.2016}) and dotted quads are rejected.
 */
final class PhoneDetector implements Detector {
  private static final Pattern PHONE =
      Pattern.compile(
          "(?:^|[^\\w+.:/-])("
              + "(?:\\+[0-9]{1,3}[ .-]?)?(?:\\([0-9]{1,4}\\)[ .-]?)?[0-9]{2,4}(?:[ .-][0-9]{2,4}){1,5}"
              + "(?: ?(?:x|ext\\.?|#) ?[0-9]{1,6})?"
              + "|\\+[0-9]{8,15})\\b");

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
    return p.groupedDigits >= 8;
  }

  @Override
  public void find(String text, List<Span> out) {
    // the pattern runs only around runs of digits and separators with 8+ digits
    int[] lastEnd = {0};
    Runs.digitRuns(
        text,
        " .()+-",
        8,
        (rs, re) -> {
          if (text.charAt(rs) != '+' && !hasSeparator(text, rs, re)) {
            return; // one bare digit string (ids, ports, epochs): never a grouped phone number
          }
          int ws = Math.max(0, rs - 1);
          int we = Math.min(text.length(), re + 12); // room for an extension
          Matcher m = PHONE.matcher(text.substring(ws, we));
          while (m.find()) {
            int s = ws + m.start(1);
            int e = ws + m.end(1);
            if (s > re) {
              break; // starts in the next run: its own window finds it whole
            }
            if (s >= lastEnd[0] && accept(text, s, e)) {
              out.add(new Span(s, e, type(), priority()));
              lastEnd[0] = e;
            }
          }
        });
  }

  private static boolean hasSeparator(String text, int s, int e) {
    for (int i = s; i < e; i++) {
      if (!Runs.digit(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  static boolean accept(String text, int s, int e) {
    int digits = 0;
    int groups = 0;
    int[] lens = new int[8];
    boolean inGroup = false;
    boolean dotsOnly = true;
    for (int i = s; i < e; i++) {
      char c = text.charAt(i);
      if (c == 'x' || c == 'e' || c == '#') {
        break; // extension
      }
      if (c >= '0' && c <= '9') {
        digits++;
        if (!inGroup) {
          groups++;
        }
        if (groups <= lens.length) {
          lens[groups - 1]++;
        }
        inGroup = true;
      } else {
        inGroup = false;
        if (c != '.') {
          dotsOnly = false;
        }
      }
    }
    if (digits < 8 || digits > 15) {
      return false;
    }
    if (e < text.length() && (Character.isLetterOrDigit(text.charAt(e)) || text.charAt(e) == '_')) {
      return false; // the window cut a longer token
    }
    if (e < text.length() && ":/".indexOf(text.charAt(e)) >= 0) {
      return false; // "Aug 06 2016 20:39:42", "12 34 56/78": a date-time or a path, not a number
    }
    if (dotsOnly && groups == 4 && lens[0] <= 3 && lens[1] <= 3 && lens[2] <= 3 && lens[3] <= 3) {
      return false; // dotted quad (IP-like)
    }
    return !dateLike(text, s, groups, lens);
  }

  private static boolean dateLike(String text, int s, int groups, int[] lens) {
    if (groups != 3) {
      return false;
    }
    if (lens[0] == 4 && lens[1] == 2 && lens[2] == 2) {
      return isYear(text, s);
    }
    if (lens[0] == 2 && lens[1] == 2 && lens[2] == 4) {
      return isYear(text, s + 6);
    }
    return false;
  }

  private static boolean isYear(String text, int at) {
    return at + 4 <= text.length() && (text.startsWith("19", at) || text.startsWith("20", at));
  }
}
