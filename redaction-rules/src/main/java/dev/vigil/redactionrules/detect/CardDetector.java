package dev.vigil.redactionrules.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Payment card numbers: 13–19 digits, compact or grouped with one kind of separator (space or
 * dash), a card-network prefix and a valid Luhn check digit. A digit run that is not a card as a
 * whole is searched for a card made of consecutive groups (e.g. a card after a short number).
 */
final class CardDetector implements Detector {
  private static final Pattern RUN = Pattern.compile("\\b[0-9](?:[ -]?[0-9]){11,40}\\b");

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
    return p.digits >= 13;
  }

  @Override
  public void find(String text, List<Span> out) {
    Matcher m = RUN.matcher(text);
    while (m.find()) {
      findInRun(text, m.start(), m.end(), out);
    }
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
    int searchFrom = 0;
    while (searchFrom < n) {
      Span best = null;
      int bestLast = -1;
      for (int a = searchFrom; a < n && best == null; a++) {
        for (int b = n - 1; b >= a; b--) {
          int s = groups.get(a)[0];
          int e = groups.get(b)[1];
          if (isCard(text, s, e, groups, a, b)) {
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

  private static boolean isCard(String text, int s, int e, List<int[]> groups, int a, int b) {
    StringBuilder digits = new StringBuilder(19);
    char sep = 0;
    for (int g = a; g <= b; g++) {
      int gs = groups.get(g)[0];
      int ge = groups.get(g)[1];
      digits.append(text, gs, ge);
      if (digits.length() > 19) {
        return false;
      }
      if (b > a) {
        int len = ge - gs;
        if ((g == a && len != 4) || len < 3 || len > 6) {
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
    return digits.length() >= 13 && Checksums.cardPrefix(digits) && Checksums.luhn(digits);
  }
}
