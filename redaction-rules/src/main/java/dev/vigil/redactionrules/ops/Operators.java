package dev.vigil.redactionrules.ops;

import dev.vigil.redactionrules.detect.IpLiterals;
import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.redactionrules.keys.RedactionKeyset;
import java.security.GeneralSecurityException;
import java.util.Locale;

/** Factories of the built-in operators. */
public final class Operators {
  private Operators() {}

  public static Operator drop() {
    return new Simple("drop", true, false) {
      @Override
      public String apply(String value, String type) {
        return "";
      }
    };
  }

  public static Operator keep() {
    return new Simple("keep", false, true) {
      @Override
      public String apply(String value, String type) {
        return value;
      }
    };
  }

  /**
   * {@code [TAG]}: the given tag, or the upper-cased type ({@code [EMAIL]}, {@code [REDACTED]}).
   */
  public static Operator redact(String tag) {
    return new Simple("redact", false, false) {
      @Override
      public String apply(String value, String type) {
        return tag != null ? tag : "[" + type.toUpperCase(Locale.ROOT) + "]";
      }
    };
  }

  /**
   * All but the last {@code keepLast} characters replaced by {@code maskChar}; short values fully.
   */
  public static Operator mask(int keepLast, char maskChar) {
    return new Simple("mask", false, false) {
      @Override
      public String apply(String value, String type) {
        int n = value.length();
        int keepFrom = n > keepLast * 2 ? n - keepLast : n;
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < keepFrom; i++) {
          b.append(maskChar);
        }
        return b.append(value, keepFrom, n).toString();
      }
    };
  }

  /**
   * {@code pn:<keyset>:<key-id>:<base32(PRF(utf8(value))[0..16))>} with the keyset's primary
   * pseudonym key ({@link RedactionKeyset#pseudonym}).
   */
  public static Operator pseudonym(String keyId, KeyProvider keys) {
    return new Pseudonym(keyId, keys);
  }

  /** IPv4 to its /{@code v4} network, IPv6 to /{@code v6}; a value that is no IP becomes [IP]. */
  public static Operator truncateIp(int v4, int v6) {
    return new Simple("truncate_ip", false, false) {
      @Override
      public String apply(String value, String type) {
        return truncate(value, v4, v6);
      }
    };
  }

  /**
   * Deterministic encryption with Tink's AES-SIV ({@link RedactionKeyset#encrypt}), reversible with
   * the keyset.
   */
  public static Operator encrypt(String keyId, KeyProvider keys) {
    return new Encrypt(keyId, keys);
  }

  static String truncate(String value, int v4, int v6) {
    String s = value.strip();
    int[] o = IpLiterals.parseIpv4(s, 0, s.length());
    if (o != null) {
      int addr = (o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3];
      int net = v4 == 0 ? 0 : addr & (-1 << (32 - v4));
      return (net >>> 24)
          + "."
          + ((net >>> 16) & 255)
          + "."
          + ((net >>> 8) & 255)
          + "."
          + (net & 255);
    }
    byte[] b = IpLiterals.parseIpv6(s, 0, s.length());
    if (b == null) {
      return "[IP]";
    }
    for (int bit = v6; bit < 128; bit++) {
      b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return formatIpv6(b);
  }

  /** RFC 5952 text form: lower case, longest run of two or more zero groups as {@code ::}. */
  static String formatIpv6(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 255) << 8) | (b[2 * i + 1] & 255);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  private abstract static class Simple implements Operator {
    private final String name;
    private final boolean drops;
    private final boolean keeps;

    Simple(String name, boolean drops, boolean keeps) {
      this.name = name;
      this.drops = drops;
      this.keeps = keeps;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean drops() {
      return drops;
    }

    @Override
    public boolean keeps() {
      return keeps;
    }

    @Override
    public String toString() {
      return "Operator[" + name + "]";
    }
  }

  /** Resolves its keyset once, on first use; a provider failure then fails the record (closed). */
  private abstract static class Keyed implements Operator {
    private final String name;
    final String keyset;
    private final KeyProvider keys;
    private volatile RedactionKeyset resolved;

    Keyed(String name, String keyset, KeyProvider keys) {
      this.name = name;
      this.keyset = keyset;
      this.keys = keys;
    }

    final RedactionKeyset keyset() throws KeyException {
      RedactionKeyset k = resolved;
      if (k == null) {
        k = keys.keyset(keyset);
        resolved = k;
      }
      return k;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return "Operator[" + name + ", keyset " + keyset + "]";
    }
  }

  private static final class Pseudonym extends Keyed {
    Pseudonym(String keyset, KeyProvider keys) {
      super("pseudonym", keyset, keys);
    }

    @Override
    public String apply(String value, String type) throws KeyException, GeneralSecurityException {
      return keyset().pseudonym(value);
    }
  }

  private static final class Encrypt extends Keyed {
    Encrypt(String keyset, KeyProvider keys) {
      super("encrypt", keyset, keys);
    }

    @Override
    public String apply(String value, String type) throws KeyException, GeneralSecurityException {
      return keyset().encrypt(value);
    }
  }
}
