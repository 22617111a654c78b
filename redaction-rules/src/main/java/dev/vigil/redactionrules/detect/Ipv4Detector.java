package dev.vigil.redactionrules.detect;

import java.util.List;

/**
 * Dotted-quad IPv4 addresses: a whole run of digits and dots (trailing sentence dots trimmed) with
 * exactly four octets 0–255 without leading zeros, not glued to a letter or digit ({@code _},
 * {@code /}, {@code :} and punctuation are separators). Longer dotted numbers (OIDs, versions like
 * {@code 1.2.3.4.5}) are not addresses. Plain code, linear time.
 */
final class Ipv4Detector implements Detector {
  @Override
  public String type() {
    return "ipv4";
  }

  @Override
  public int priority() {
    return 40;
  }

  @Override
  public boolean mayMatch(TextProfile p) {
    return p.numRunDots >= 3;
  }

  @Override
  public void find(String t, List<Span> out) {
    int i = 0;
    int n = t.length();
    while (i < n) {
      char c = t.charAt(i);
      if (!Runs.digit(c)) {
        i++;
        continue;
      }
      int s = i;
      int e = Runs.end(t, s, ch -> Runs.digit(ch) || ch == '.');
      i = e;
      while (e > s && t.charAt(e - 1) == '.') {
        e--;
      }
      if (s > 0 && Character.isLetter(t.charAt(s - 1))) {
        continue;
      }
      if (i < n && Character.isLetter(t.charAt(i))) {
        continue;
      }
      if (IpLiterals.parseIpv4(t, s, e) != null) {
        out.add(new Span(s, e, type(), priority()));
      }
    }
  }
}
