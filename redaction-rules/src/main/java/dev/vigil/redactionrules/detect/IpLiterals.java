package dev.vigil.redactionrules.detect;

/** Strict parsing of IP address literals (no DNS, no zone ids, no leading-zero octets). */
public final class IpLiterals {
  private IpLiterals() {}

  /** The four octets of a dotted-quad IPv4 literal, or {@code null}. */
  public static int[] parseIpv4(String s, int from, int to) {
    int[] out = new int[4];
    int part = 0;
    int i = from;
    while (part < 4) {
      int start = i;
      int v = 0;
      while (i < to && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || v > 255 || (len > 1 && s.charAt(start) == '0')) {
        return null;
      }
      out[part++] = v;
      if (part < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == to ? out : null;
  }

  /** The 16 bytes of an IPv6 literal (RFC 4291 text forms, optional dotted IPv4 tail), or null. */
  public static byte[] parseIpv6(String s, int from, int to) {
    if (to - from < 2) {
      return null;
    }
    int[] groups = new int[8];
    int n = 0;
    int doubleColonAt = -1;
    int i = from;
    if (s.startsWith("::", from)) {
      doubleColonAt = 0;
      i += 2;
    } else if (s.charAt(i) == ':') {
      return null;
    }
    while (i < to) {
      if (n == 8) {
        return null;
      }
      int start = i;
      i = hexGroupEnd(s, i, to);
      if (i < to && s.charAt(i) == '.') {
        // dotted IPv4 tail takes two groups
        int[] v4 = parseIpv4(s, start, to);
        if (v4 == null || n > 6) {
          return null;
        }
        groups[n++] = (v4[0] << 8) | v4[1];
        groups[n++] = (v4[2] << 8) | v4[3];
        break;
      }
      if (i == start) {
        return null;
      }
      groups[n++] = Integer.parseInt(s, start, i, 16);
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (doubleColonAt >= 0) {
          return null;
        }
        doubleColonAt = n;
        i++;
      } else if (i == to) {
        return null;
      }
    }
    if (doubleColonAt < 0 ? n != 8 : n > 7) {
      return null;
    }
    return toBytes(groups, n, doubleColonAt);
  }

  /** The end of the (at most four) hex digits from {@code i}. */
  private static int hexGroupEnd(String s, int i, int to) {
    int end = i;
    while (end < to && end - i < 4 && Character.digit(s.charAt(end), 16) >= 0) {
      end++;
    }
    return end;
  }

  /** The 16 bytes of {@code n} parsed groups, zeros filling the {@code ::} gap. */
  private static byte[] toBytes(int[] groups, int n, int doubleColonAt) {
    byte[] out = new byte[16];
    int gap = 8 - n;
    for (int g = 0, k = 0; g < 8; g++) {
      int v;
      if (doubleColonAt >= 0 && g >= doubleColonAt && g < doubleColonAt + gap) {
        v = 0;
      } else {
        v = groups[k++];
      }
      out[2 * g] = (byte) (v >>> 8);
      out[2 * g + 1] = (byte) v;
    }
    return out;
  }
}
