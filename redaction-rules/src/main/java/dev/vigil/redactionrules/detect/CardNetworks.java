package dev.vigil.redactionrules.detect;

import java.util.List;

/**
 * Payment card networks by issuer identification number (IIN) range and number length: the table of
 * Wikipedia "Payment card number" (IIN ranges of the networks, after ISO/IEC 7812), which the
 * module README reproduces. A Luhn-valid number that matches no range with its length is not a
 * card.
 *
 * <p>Left out on purpose: UATP ({@code 1}, 15 digits) would make every Luhn-valid 15-digit number
 * starting with 1 a card (epoch-microsecond ids are exactly that); the inactive Diners enRoute
 * ({@code 2014}, {@code 2149}, 15 digits: dates), Bankcard, Laser, Solo and Switch ranges (their
 * active successors are covered by Maestro).
 */
final class CardNetworks {
  /**
   * IINs {@code low}–{@code high} (equal-length digit strings) with the lengths of the bit mask.
   */
  record Range(String network, String low, String high, int lengthMask) {
    boolean allows(int length) {
      return length < 32 && (lengthMask & (1 << length)) != 0;
    }

    boolean covers(CharSequence digits) {
      int p = low.length();
      if (digits.length() < p) {
        return false;
      }
      return compare(digits, low) >= 0 && compare(digits, high) <= 0;
    }

    /** Compares the first {@code bound.length()} digits with {@code bound}. */
    private static int compare(CharSequence digits, String bound) {
      for (int i = 0; i < bound.length(); i++) {
        int d = digits.charAt(i) - bound.charAt(i);
        if (d != 0) {
          return d;
        }
      }
      return 0;
    }
  }

  private static final int L12_19 = lengths(12, 13, 14, 15, 16, 17, 18, 19);
  private static final int L14_19 = lengths(14, 15, 16, 17, 18, 19);
  private static final int L16_19 = lengths(16, 17, 18, 19);
  private static final int L16 = lengths(16);
  private static final int L16_18_19 = lengths(16, 18, 19);

  static final List<Range> RANGES =
      List.of(
          new Range("Visa", "4", "4", lengths(13, 16, 19)),
          new Range("Mastercard", "51", "55", L16),
          new Range("Mastercard", "2221", "2720", L16),
          new Range("American Express", "34", "34", lengths(15)),
          new Range("American Express", "37", "37", lengths(15)),
          new Range("Discover", "6011", "6011", L16_19),
          new Range("Discover", "644", "649", L16_19),
          new Range("Discover", "65", "65", L16_19),
          new Range("Discover", "622126", "622925", L16_19),
          new Range("Diners Club", "300", "305", L14_19),
          new Range("Diners Club", "3095", "3095", L14_19),
          new Range("Diners Club", "36", "36", L14_19),
          new Range("Diners Club", "38", "39", L14_19),
          new Range("JCB", "3528", "3589", L16_19),
          new Range("JCB", "1800", "1800", lengths(15)),
          new Range("JCB", "2131", "2131", lengths(15)),
          new Range("Maestro", "50", "50", L12_19),
          new Range("Maestro", "56", "69", L12_19),
          new Range("Maestro", "5018", "5018", L12_19),
          new Range("Maestro", "5020", "5020", L12_19),
          new Range("Maestro", "5038", "5038", L12_19),
          new Range("Maestro", "5893", "5893", L12_19),
          new Range("Maestro", "6304", "6304", L12_19),
          new Range("Maestro", "6759", "6759", L12_19),
          new Range("Maestro", "6761", "6763", L12_19),
          new Range("UnionPay", "62", "62", L16_19),
          new Range("Mir", "2200", "2204", L16_19),
          new Range("BORICA", "2205", "2205", L16),
          new Range("RuPay", "60", "60", L16),
          new Range("RuPay", "65", "65", L16),
          new Range("RuPay", "81", "82", L16),
          new Range("RuPay", "508", "508", L16),
          new Range("RuPay", "353", "353", L16),
          new Range("RuPay", "356", "356", L16),
          new Range("Verve", "506099", "506198", L16_18_19),
          new Range("Verve", "507865", "507964", L16_18_19),
          new Range("Verve", "650002", "650027", L16_18_19),
          new Range("Troy", "9792", "9792", L16),
          new Range("Troy", "65", "65", L16),
          new Range("Dankort", "5019", "5019", L16),
          new Range("InterPayment", "636", "636", L16_19),
          new Range("InstaPayment", "637", "639", L16),
          new Range("UkrCard", "60400100", "60420099", L16_19),
          new Range("LankaPay", "357111", "357111", L16),
          new Range("Uzcard", "8600", "8600", L16),
          new Range("Uzcard", "5614", "5614", L16),
          new Range("Humo", "9860", "9860", L16),
          new Range("GPN", "1946", "1946", L16_18_19),
          new Range("GPN", "50", "50", L16_18_19),
          new Range("GPN", "56", "56", L16_18_19),
          new Range("GPN", "58", "58", L16_18_19),
          new Range("GPN", "60", "63", L16_18_19),
          new Range("Napas", "9704", "9704", lengths(16, 19)),
          new Range("China T-Union", "31", "31", lengths(19)));

  /** First digits that start any range (a quick reject before the table). */
  private static final boolean[] FIRST_DIGIT = new boolean[10];

  static {
    for (Range r : RANGES) {
      FIRST_DIGIT[r.low().charAt(0) - '0'] = true;
      FIRST_DIGIT[r.high().charAt(0) - '0'] = true;
    }
  }

  private CardNetworks() {}

  /** The first network whose IIN range and lengths match {@code digits}, or null. */
  static String network(CharSequence digits) {
    int n = digits.length();
    if (n < 12 || n > 19 || !FIRST_DIGIT[digits.charAt(0) - '0']) {
      return null;
    }
    for (Range r : RANGES) {
      if (r.allows(n) && r.covers(digits)) {
        return r.network();
      }
    }
    return null;
  }

  private static int lengths(int... lengths) {
    int mask = 0;
    for (int l : lengths) {
      mask |= 1 << l;
    }
    return mask;
  }
}
