package dev.vigil.redactionrules.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Payment card numbers: 12–19 digits, compact or grouped with one kind of separator (space or
 * dash), a valid Luhn check digit and an IIN range of a card network with that length ({@link
 * CardNetworks}). A digit run that is not a card as a whole is searched for a card made of
 * consecutive groups (e.g. a card after a short number).
 */
final class CardDetector implements Detector {
  /** Digits after a run's first: at least, at most (the pattern's {@code {11,40}}). */
  private static final int MIN_REPEATS = 11;

  private static final int MAX_REPEATS = 40;

  @Override
  public String type() {
    return "card";
  }

  @Override
  public int priority() {
    return 70;
  }

  @Override
  public boolean mayMatch(TextProfile p) {
    return p.groupedDigits >= 12;
  }

  @Override
  public void find(String text, List<Span> out) {
    candidateRuns(text, (start, end) -> findInCandidate(text, start, end, out));
  }

  private void findInCandidate(String text, int start, int end, List<Span> out) {
    if (afterIbanHead(text, start)) {
      // only the IBAN's own groups are skipped; the rest of the run may hold a card (found by
      // fuzzing, issue 18: skipping the whole run let a card after "BY22 3311-…" through)
      int rest = afterIbanGroups(text, start, end);
      if (rest < end) {
        findInRun(text, rest, end, out);
      }
      return;
    }
    if (afterPlus(text, start)) {
      // "+6 4111 …": the first group is a country code, the rest may still hold a card (found
      // by fuzzing, issue 18: skipping the whole run let "+6 4111111111111111" through).
      int next = start;
      while (next < end && Runs.digit(text.charAt(next))) {
        next++;
      }
      if (next + 1 < end) {
        findInRun(text, next + 1, end, out);
      }
      return;
    }
    findInRun(text, start, end, out);
  }

  /**
   * The runs a card is looked for in, in order: 12 to 41 ASCII digits, one space or dash allowed
   * between two digits, starting and ending at an ASCII word boundary; where a run is longer, the
   * longest such prefix, and the search goes on after it. Exactly the matches of RE2's {@code
   * \b[0-9](?:[ -]?[0-9]){11,40}\b} (checked against it on generated text and the shared corpora in
   * {@code CardRunsEquivalenceTest}), in plain code: the pattern's 40 counted repetitions made
   * RE2's NFA the largest single cost of redacting a typical security event (~10 % of the worker's
   * samples in a 100,000-event {@code vigil redact}).
   */
  static void candidateRuns(String t, Runs.Sink sink) {
    int n = t.length();
    int s = 0;
    while (s < n) {
      if (!Runs.digit(t.charAt(s)) || (s > 0 && PhoneDetector.asciiWord(t.charAt(s - 1)))) {
        s++;
        continue;
      }
      int p = s + 1;
      int end = -1;
      for (int repeats = 1; repeats <= MAX_REPEATS; repeats++) {
        if (p < n && Runs.digit(t.charAt(p))) {
          p++;
        } else if (p + 1 < n && separator(t.charAt(p)) && Runs.digit(t.charAt(p + 1))) {
          p += 2;
        } else {
          break;
        }
        if (repeats >= MIN_REPEATS && (p == n || !PhoneDetector.asciiWord(t.charAt(p)))) {
          end = p; // the longest run so far that ends at a word boundary
        }
      }
      if (end < 0) {
        s++;
      } else {
        sink.accept(s, end);
        s = end;
      }
    }
  }

  private static boolean separator(char c) {
    return c == ' ' || c == '-';
  }

  /**
   * "DR75 5121 0800 …", "de75 5121 …": the groups continue an IBAN-shaped code (valid or not,
   * either case), not a card.
   */
  private static boolean afterIbanHead(String text, int start) {
    if (start < 5 || text.charAt(start - 1) != ' ') {
      return false;
    }
    int h = start - 5;
    return asciiLetter(text.charAt(h))
        && asciiLetter(text.charAt(h + 1))
        && Runs.digit(text.charAt(h + 2))
        && Runs.digit(text.charAt(h + 3))
        && (h == 0 || !Character.isLetterOrDigit(text.charAt(h - 1)));
  }

  /**
   * "+639171234567": a leading plus makes the first group of digits an international phone number's
   * country code (or the whole number); only the groups after it are searched for a card.
   */
  private static boolean afterPlus(String text, int start) {
    return start > 0 && text.charAt(start - 1) == '+';
  }

  /**
   * Where an IBAN printed after its head ends: groups of four digits separated by single spaces,
   * the last one possibly shorter at the end of the run. A run whose first group is not such ("BF11
   * 4111111111111111") is no IBAN at all: {@code start} is returned.
   */
  private static int afterIbanGroups(String text, int start, int end) {
    int i = start;
    while (i < end) {
      int j = i;
      while (j < end && Runs.digit(text.charAt(j))) {
        j++;
      }
      if (j == end && j - i <= 4) {
        return end;
      }
      if (j - i != 4 || text.charAt(j) != ' ') {
        return i;
      }
      i = j + 1;
    }
    return end;
  }

  private static boolean asciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private void findInRun(String text, int from, int to, List<Span> out) {
    // groups of digits and the separator after each
    List<int[]> groups = new ArrayList<>();
    int i = from;
    while (i < to) {
      int s = i;
      while (i < to && Character.isDigit(text.charAt(i))) {
        i++;
      }
      groups.add(new int[] {s, i});
      i++; // skip separator
    }
    int n = groups.size();
    if (n > 1 && uniformGrouping(text, groups)) {
      // one grouped number ("1275 5121 0800 1245 1261 99", "7000 4111 1111 1111"): a card as a
      // whole or not at all, never a card made of its last groups
      int s = groups.get(0)[0];
      int e = groups.get(n - 1)[1];
      if (isCard(text, groups, 0, n - 1)) {
        out.add(new Span(s, e, type(), priority()));
      }
      return;
    }
    int searchFrom = 0;
    while (searchFrom < n) {
      Span best = null;
      int bestLast = -1;
      for (int a = searchFrom; a < n && best == null; a++) {
        for (int b = n - 1; b >= a; b--) {
          int s = groups.get(a)[0];
          int e = groups.get(b)[1];
          if (isCard(text, groups, a, b)) {
            best = new Span(s, e, type(), priority());
            bestLast = b;
            break;
          }
        }
      }
      if (best == null) {
        return;
      }
      out.add(best);
      searchFrom = bestLast + 1;
    }
  }

  /**
   * One separator and groups of one length (the last may be shorter): "1275 5121 0800 1245 1261 99"
   * is one number; "12 4111 1111 1111 1111" and "12 501800000009 6759 …" are several.
   */
  private static boolean uniformGrouping(String text, List<int[]> groups) {
    char sep = text.charAt(groups.get(0)[1]);
    int len = groups.get(0)[1] - groups.get(0)[0];
    if (len > 6) {
      // a compact number, not a group ("4111111111111111 33": a card, then a short number; found
      // by fuzzing, issue 18)
      return false;
    }
    for (int g = 1; g < groups.size() - 1; g++) {
      int[] gr = groups.get(g);
      if (text.charAt(gr[1]) != sep || gr[1] - gr[0] != len) {
        return false;
      }
    }
    int[] last = groups.get(groups.size() - 1);
    return last[1] - last[0] <= len;
  }

  private static boolean isCard(String text, List<int[]> groups, int a, int b) {
    StringBuilder digits = new StringBuilder(19);
    char sep = 0;
    for (int g = a; g < b + 1; g++) { // not g <= b: see PhoneGroups
      int gs = groups.get(g)[0];
      int ge = groups.get(g)[1];
      digits.append(text, gs, ge);
      if (digits.length() > 19) {
        return false;
      }
      if (b > a) {
        int len = ge - gs;
        // first group 4 digits, inner groups 3-6, the last may be short (4-4-4-2 Diners)
        if ((g == a && len != 4) || (g < b && len < 3) || len > 6) {
          return false;
        }
        if (g < b) {
          char c = text.charAt(ge);
          if (sep != 0 && c != sep) {
            return false;
          }
          sep = c;
        }
      }
    }
    return digits.length() >= 12 && Checksums.luhn(digits) && CardNetworks.network(digits) != null;
  }
}
