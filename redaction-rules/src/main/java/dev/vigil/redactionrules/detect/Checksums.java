package dev.vigil.redactionrules.detect;

import java.util.Map;

/** Check digits and structural checks used by detectors. Pure functions on ASCII strings. */
public final class Checksums {
  private Checksums() {}

  /** Luhn (mod 10) over a string of ASCII digits. */
  public static boolean luhn(CharSequence digits) {
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }

  /**
   * Whether a 13–19 digit number starts like a payment card: Mastercard 2-series (2221–2720), 3
   * (Amex, Diners, JCB), 4 (Visa), 5 (Mastercard, Maestro), 6 (Discover, UnionPay, Maestro).
   */
  public static boolean cardPrefix(CharSequence digits) {
    char c = digits.charAt(0);
    if (c >= '3' && c <= '6') {
      return true;
    }
    if (c == '2' && digits.length() >= 4) {
      int p = Integer.parseInt(digits.subSequence(0, 4).toString());
      return p >= 2221 && p <= 2720;
    }
    return false;
  }

  /** IBAN lengths by country (SWIFT IBAN registry). */
  private static final Map<String, Integer> IBAN_LENGTH =
      Map.ofEntries(
          Map.entry("AD", 24),
          Map.entry("AE", 23),
          Map.entry("AL", 28),
          Map.entry("AT", 20),
          Map.entry("AZ", 28),
          Map.entry("BA", 20),
          Map.entry("BE", 16),
          Map.entry("BG", 22),
          Map.entry("BH", 22),
          Map.entry("BI", 27),
          Map.entry("BR", 29),
          Map.entry("BY", 28),
          Map.entry("CH", 21),
          Map.entry("CR", 22),
          Map.entry("CY", 28),
          Map.entry("CZ", 24),
          Map.entry("DE", 22),
          Map.entry("DJ", 27),
          Map.entry("DK", 18),
          Map.entry("DO", 28),
          Map.entry("EE", 20),
          Map.entry("EG", 29),
          Map.entry("ES", 24),
          Map.entry("FI", 18),
          Map.entry("FK", 18),
          Map.entry("FO", 18),
          Map.entry("FR", 27),
          Map.entry("GB", 22),
          Map.entry("GE", 22),
          Map.entry("GI", 23),
          Map.entry("GL", 18),
          Map.entry("GR", 27),
          Map.entry("GT", 28),
          Map.entry("HR", 21),
          Map.entry("HU", 28),
          Map.entry("IE", 22),
          Map.entry("IL", 23),
          Map.entry("IQ", 23),
          Map.entry("IS", 26),
          Map.entry("IT", 27),
          Map.entry("JO", 30),
          Map.entry("KW", 30),
          Map.entry("KZ", 20),
          Map.entry("LB", 28),
          Map.entry("LC", 32),
          Map.entry("LI", 21),
          Map.entry("LT", 20),
          Map.entry("LU", 20),
          Map.entry("LV", 21),
          Map.entry("LY", 25),
          Map.entry("MC", 27),
          Map.entry("MD", 24),
          Map.entry("ME", 22),
          Map.entry("MK", 19),
          Map.entry("MN", 20),
          Map.entry("MR", 27),
          Map.entry("MT", 31),
          Map.entry("MU", 30),
          Map.entry("NI", 28),
          Map.entry("NL", 18),
          Map.entry("NO", 15),
          Map.entry("OM", 23),
          Map.entry("PK", 24),
          Map.entry("PL", 28),
          Map.entry("PS", 29),
          Map.entry("PT", 25),
          Map.entry("QA", 29),
          Map.entry("RO", 24),
          Map.entry("RS", 22),
          Map.entry("RU", 33),
          Map.entry("SA", 24),
          Map.entry("SC", 31),
          Map.entry("SD", 18),
          Map.entry("SE", 24),
          Map.entry("SI", 19),
          Map.entry("SK", 24),
          Map.entry("SM", 27),
          Map.entry("SO", 23),
          Map.entry("ST", 25),
          Map.entry("SV", 28),
          Map.entry("TL", 23),
          Map.entry("TN", 24),
          Map.entry("TR", 26),
          Map.entry("UA", 29),
          Map.entry("VA", 22),
          Map.entry("VG", 24),
          Map.entry("XK", 20),
          Map.entry("YE", 30));

  /** Registered IBAN length of a country code, or 0 if the country does not use IBANs. */
  public static int ibanLength(String country) {
    return IBAN_LENGTH.getOrDefault(country, 0);
  }

  /** ISO 7064 mod 97-10 over a compact upper-case IBAN (country, check digits, BBAN). */
  public static boolean ibanMod97(CharSequence iban) {
    int n = iban.length();
    if (n < 5) {
      return false;
    }
    int rem = 0;
    for (int k = 0; k < n; k++) {
      char c = iban.charAt((k + 4) % n);
      if (c >= '0' && c <= '9') {
        rem = (rem * 10 + (c - '0')) % 97;
      } else if (c >= 'A' && c <= 'Z') {
        rem = (rem * 100 + (c - 'A' + 10)) % 97;
      } else {
        return false;
      }
    }
    return rem == 1;
  }

  /** A valid US SSN: area not 000, 666 or 900–999; group not 00; serial not 0000. */
  public static boolean ssn(String area, String group, String serial) {
    int a = Integer.parseInt(area);
    return a != 0
        && a != 666
        && a < 900
        && Integer.parseInt(group) != 0
        && Integer.parseInt(serial) != 0;
  }
}
