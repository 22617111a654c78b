package dev.vigil.redactionrules.detect;

import java.util.List;

/**
 * IPv6 literals. Candidates are maximal runs of hex digits, colons and dots with at least two
 * colons; each is validated by a strict parser. A run glued to a word on its left ({@code
 * inside:fe80::1}) is retried after its first colon; a trailing {@code :port} group that makes a
 * run too long (Snort's {@code 2001:db8::1:80}) is retried without it. At least two non-zero-length
 * groups or an IPv4 tail are required, so {@code ::} and {@code 1::} separators in logs do not
 * count.
 */
final class Ipv6Detector implements Detector {
  @Override
  public String type() {
    return "ipv6";
  }

  @Override
  public int priority() {
    return 45;
  }

  @Override
  public boolean mayMatch(TextProfile p) {
    return p.hexRunColons >= 2;
  }

  @Override
  public void find(String text, List<Span> out) {
    int i = 0;
    int n = text.length();
    while (i < n) {
      if (!isRunChar(text.charAt(i))) {
        i++;
        continue;
      }
      int s = i;
      int e = Runs.end(text, s, Ipv6Detector::isRunChar);
      i = e;
      if (countColons(text, s, e) < 2) {
        continue;
      }
      if (e < n && isWordChar(text.charAt(e))) {
        continue; // glued to a word on the right, e.g. "12:30:45pm"
      }
      while (e > s && text.charAt(e - 1) == '.') {
        e--;
      }
      if (s > 0 && isWordChar(text.charAt(s - 1))) {
        int c = text.indexOf(':', s);
        if (c < 0 || c + 1 >= e) {
          continue;
        }
        s = text.charAt(c + 1) == ':' ? c : c + 1;
      }
      int end = validEnd(text, s, e);
      if (end > 0) {
        out.add(new Span(s, end, type(), priority()));
      }
    }
  }

  private static boolean isRunChar(char c) {
    return Runs.hex(c) || c == ':' || c == '.';
  }

  private static int countColons(String t, int s, int e) {
    int k = 0;
    for (int i = s; i < e; i++) {
      if (t.charAt(i) == ':') {
        k++;
      }
    }
    return k;
  }

  private static int validEnd(String text, int s, int e) {
    if (plausible(text, s, e)) {
      return e;
    }
    int lastColon = text.lastIndexOf(':', e - 1);
    if (lastColon > s && lastColon < e - 1 && text.charAt(lastColon - 1) != ':') {
      if (plausible(text, s, lastColon)) {
        return lastColon;
      }
    }
    return -1;
  }

  private static boolean plausible(String text, int s, int e) {
    if (IpLiterals.parseIpv6(text, s, e) == null) {
      return false;
    }
    int groups = 0;
    boolean inGroup = false;
    for (int i = s; i < e; i++) {
      char c = text.charAt(i);
      if (c == '.') {
        return true;
      }
      if (c != ':' && !inGroup) {
        groups++;
      }
      inGroup = c != ':';
    }
    return groups >= 2;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
