package dev.vigil.redactionrules.detect;

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

  /** Registered IBAN length of a country code, or 0 if the country does not use IBANs. */
  public static int ibanLength(String country) {
    return IbanRegistry.length(country);
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
