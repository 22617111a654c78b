package dev.vigil.redactionrules.ops;

import dev.vigil.redactionrules.detect.IpLiterals;
import dev.vigil.redactionrules.keys.DeterministicCipher;
import dev.vigil.redactionrules.keys.KeyDerivation;
import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeyProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

  /** {@code pn:<keyId>:<base32(HMAC-SHA-256(k, utf8(value))[0..16))>}. */
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

  /** Deterministic encryption ({@link DeterministicCipher}), reversible with the key. */
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

  private static final class Pseudonym implements Operator {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private final String keyId;
    private final String prefix;
    private final KeyProvider keys;
    private final ThreadLocal<Mac> mac = new ThreadLocal<>();

    Pseudonym(String keyId, KeyProvider keys) {
      this.keyId = keyId;
      this.prefix = "pn:" + keyId + ":";
      this.keys = keys;
    }

    @Override
    public String name() {
      return "pseudonym";
    }

    @Override
    public String apply(String value, String type) throws KeyException, GeneralSecurityException {
      Mac m = mac.get();
      if (m == null) {
        // resolved once per thread; a provider failure here fails the record (closed)
        m = Mac.getInstance("HmacSHA256");
        byte[] k = KeyDerivation.derive(keys.keyMaterial(keyId), KeyDerivation.PSEUDONYM);
        m.init(new SecretKeySpec(k, "HmacSHA256"));
        mac.set(m);
      }
      byte[] h = m.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return prefix + base32(h, 16);
    }

    static String base32(byte[] h, int n) {
      StringBuilder sb = new StringBuilder((n * 8 + 4) / 5);
      int buffer = 0;
      int bits = 0;
      for (int i = 0; i < n; i++) {
        buffer = (buffer << 8) | (h[i] & 255);
        bits += 8;
        while (bits >= 5) {
          sb.append(BASE32[(buffer >>> (bits - 5)) & 31]);
          bits -= 5;
        }
      }
      if (bits > 0) {
        sb.append(BASE32[(buffer << (5 - bits)) & 31]);
      }
      return sb.toString();
    }

    @Override
    public String toString() {
      return "Operator[pseudonym, key " + keyId + "]";
    }
  }

  private static final class Encrypt implements Operator {
    private final String keyId;
    private final KeyProvider keys;
    private final ThreadLocal<DeterministicCipher> cipher = new ThreadLocal<>();

    Encrypt(String keyId, KeyProvider keys) {
      this.keyId = keyId;
      this.keys = keys;
    }

    @Override
    public String name() {
      return "encrypt";
    }

    @Override
    public String apply(String value, String type) throws KeyException, GeneralSecurityException {
      DeterministicCipher c = cipher.get();
      if (c == null) {
        c = new DeterministicCipher(keyId, keys.keyMaterial(keyId));
        cipher.set(c);
      }
      return c.encrypt(value);
    }

    @Override
    public String toString() {
      return "Operator[encrypt, key " + keyId + "]";
    }
  }
}
