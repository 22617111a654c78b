package dev.vigil.redactionrules.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every IIN range and length of the card table is found, compact and in the usual groupings with
 * spaces or dashes; Luhn-invalid numbers and Luhn-valid numbers outside every network are not. The
 * look-alikes are listed here independently of the table (unassigned leading digits and wrong
 * lengths of the big networks), so a range added to the table by mistake makes this test fail.
 */
class CardNetworksTest {
  private static final Scanner SCANNER = allDetectors();

  private static Scanner allDetectors() {
    List<Detector> all = new ArrayList<>();
    BuiltInDetectors.names().forEach(n -> all.add(BuiltInDetectors.byName(n).orElseThrow()));
    return new Scanner(all);
  }

  /** Card spans found in a log line around {@code value}, relative to the value. */
  private static List<String> cards(String value) {
    String prefix = "2026-03-02T08:15:04Z payment declined card=";
    String text = prefix + value + " amount=12.00 EUR";
    List<String> out = new ArrayList<>();
    for (Span s : SCANNER.scan(text)) {
      if (s.type().equals("card")) {
        out.add(text.substring(s.start(), s.end()));
      }
    }
    return out;
  }

  /** A number of {@code length} digits starting with {@code prefix}, with its Luhn digit. */
  static String withLuhn(String prefix, int length, Random random) {
    StringBuilder b = new StringBuilder(prefix);
    while (b.length() < length - 1) {
      b.append((char) ('0' + random.nextInt(10)));
    }
    for (char d = '0'; d <= '9'; d++) {
      if (Checksums.luhn(b.toString() + d)) {
        return b.toString() + d;
      }
    }
    throw new IllegalStateException();
  }

  /**
   * Compact, and the usual printed groupings with spaces and with dashes (groups of four, Amex and
   * Diners 4-6-5 and 4-6-4, 13 digits 4-4-5), and 15 digits also in fours.
   */
  static List<String> forms(String n) {
    int[] groups =
        switch (n.length()) {
          case 12 -> new int[] {4, 4, 4};
          case 13 -> new int[] {4, 4, 5};
          case 14 -> new int[] {4, 6, 4};
          case 15 -> new int[] {4, 6, 5};
          case 16 -> new int[] {4, 4, 4, 4};
          case 17 -> new int[] {4, 4, 4, 4, 1};
          case 18 -> new int[] {4, 4, 4, 4, 2};
          default -> new int[] {4, 4, 4, 4, 3};
        };
    List<String> out = new ArrayList<>(List.of(n));
    for (String sep : List.of(" ", "-")) {
      StringBuilder b = new StringBuilder();
      int at = 0;
      for (int g : groups) {
        if (at > 0) {
          b.append(sep);
        }
        b.append(n, at, at + g);
        at += g;
      }
      out.add(b.toString());
    }
    if (n.length() == 15) {
      out.add(
          n.substring(0, 4)
              + " "
              + n.substring(4, 8)
              + " "
              + n.substring(8, 12)
              + " "
              + n.substring(12));
    }
    return out;
  }

  /** Prefixes of every range: its low end, its high end and one in between. */
  private static List<String> prefixes(CardNetworks.Range r, Random random) {
    long low = Long.parseLong(r.low());
    long high = Long.parseLong(r.high());
    long mid = low + (long) (random.nextDouble() * (high - low + 1));
    List<String> out = new ArrayList<>();
    for (long p : new long[] {low, Math.min(mid, high), high}) {
      out.add(String.format("%0" + r.low().length() + "d", p));
    }
    return out;
  }

  @Test
  void shouldFindEveryRangeAndLengthCompactAndGrouped() {
    // Given numbers for every IIN range (low, middle, high) and every length it allows
    Random random = new Random(7812);
    int checked = 0;
    List<String> missed = new ArrayList<>();
    for (CardNetworks.Range r : CardNetworks.RANGES) {
      for (int length = 12; length <= 19; length++) {
        if (!r.allows(length)) {
          continue;
        }
        for (String prefix : prefixes(r, random)) {
          String n = withLuhn(prefix, length, random);
          // When each printed form is scanned in a log line
          for (String form : forms(n)) {
            checked++;
            if (!cards(form).equals(List.of(form))) {
              missed.add(r.network() + " " + length + ": " + form + " -> " + cards(form));
            }
          }
        }
      }
    }

    // Then every one is found with its exact span
    assertThat(missed).isEmpty();
    assertThat(checked).isGreaterThan(600);
  }

  /**
   * The brands, prefixes and lengths the card detector must know, written here independently of the
   * table (issue 16): a range missing from the table fails this test.
   */
  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Visa | 4 | 13 16 19
          Mastercard | 51 55 2221 2500 2720 | 16
          American Express | 34 37 | 15
          Discover | 6011 644 649 65 622126 622925 | 16 17 18 19
          Diners Club | 300 305 36 38 39 | 14 15 16 17 18 19
          JCB | 3528 3589 | 16 17 18 19
          JCB 15 | 1800 2131 | 15
          Maestro | 5018 5020 5038 5893 6304 6759 6761 6762 6763 50 56 69 | 12 13 14 15 16 17 18 19
          UnionPay | 62 | 16 17 18 19
          Mir | 2200 2204 | 16 17 18 19
          RuPay | 60 65 81 82 508 353 356 | 16
          Verve | 506099 506198 650002 650027 | 16 18 19
          Troy | 9792 | 16
          """)
  void shouldFindEveryBrandPrefixAndLength(String brand, String prefixes, String lengths) {
    Random random = new Random(brand.hashCode());
    for (String prefix : prefixes.strip().split(" ")) {
      for (String length : lengths.strip().split(" ")) {
        String n = withLuhn(prefix, Integer.parseInt(length), random);
        for (String form : forms(n)) {
          assertThat(cards(form)).as("%s %s", brand, form).containsExactly(form);
        }
      }
    }
  }

  @Provide
  Arbitrary<String> assignedCards() {
    Arbitrary<CardNetworks.Range> range = Arbitraries.of(CardNetworks.RANGES);
    return Combinators.combine(range, Arbitraries.integers().between(12, 19), Arbitraries.longs())
        .filter((r, len, seed) -> r.allows(len))
        .as(
            (r, len, seed) -> {
              Random random = new Random(seed);
              List<String> ps = prefixes(r, random);
              return withLuhn(ps.get(random.nextInt(ps.size())), len, random);
            });
  }

  @Property(tries = 1500)
  void anyAssignedCardIsFoundAndNotWithAWrongCheckDigit(@ForAll("assignedCards") String n) {
    for (String form : forms(n)) {
      assertThat(cards(form)).as("valid %s", form).containsExactly(form);
    }
    // the same number with any other last digit fails Luhn
    char last = n.charAt(n.length() - 1);
    String wrong = n.substring(0, n.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    for (String form : forms(wrong)) {
      assertThat(cards(form)).as("Luhn-invalid %s", form).isEmpty();
    }
  }

  /**
   * Luhn-valid look-alikes that no network issues: unassigned leading digits, and assigned prefixes
   * with a length their network does not use.
   */
  @Provide
  Arbitrary<String> lookAlikes() {
    Arbitrary<String[]> kind =
        Arbitraries.of(
            new String[] {"0", "12,13,14,15,16,17,18,19"},
            new String[] {"7", "12,13,14,15,16,17,18,19"},
            new String[] {"10", "12,13,14,15,16,17,18,19"},
            new String[] {"1801", "15,16"},
            new String[] {"2100", "15,16"},
            new String[] {"2721", "16"},
            new String[] {"2999", "16"},
            new String[] {"90", "16,19"},
            new String[] {"4", "12,14,15,17,18"},
            new String[] {"34", "14,16"},
            new String[] {"37", "16,17"},
            new String[] {"51", "12,13,15,17,18,19"},
            new String[] {"55", "14,15"},
            new String[] {"3528", "15"},
            new String[] {"36", "12,13"},
            new String[] {"8100", "15,17"});
    return Combinators.combine(kind, Arbitraries.longs())
        .as(
            (k, seed) -> {
              Random random = new Random(seed);
              String[] lengths = k[1].split(",");
              int len = Integer.parseInt(lengths[random.nextInt(lengths.length)]);
              return withLuhn(k[0], len, random);
            });
  }

  @Property(tries = 1500)
  void luhnValidNumbersOutsideEveryNetworkAreNotCards(@ForAll("lookAlikes") String n) {
    for (String form : forms(n)) {
      assertThat(cards(form)).as("look-alike %s", form).isEmpty();
    }
  }

  @Test
  void shouldNotTakeAnInternationalPhoneNumberForAMaestroCard() {
    // 12–19 Luhn-valid digits after '+' are a phone number (priority goes to cards otherwise)
    String maestro = withLuhn("6759", 13, new Random(1));
    assertThat(cards(maestro)).containsExactly(maestro);
    assertThat(cards("+" + maestro)).isEmpty();
  }

  @Test
  void shouldFindACardAfterACountryCodeLikePrefix() {
    // Found by fuzzing (issue 18, RedactionFuzzTestInputs/redactionEngine/): "+6 <card>" was
    // skipped as a whole phone number, so the card survived redaction
    assertThat(cards("+6 4111111111111111")).containsExactly("4111111111111111");
    assertThat(cards("+44 4111 1111 1111 1111")).containsExactly("4111 1111 1111 1111");
  }

  @Test
  void shouldFindACompactCardAfterAnIbanLikeHead() {
    // Found by fuzzing (issue 18, RedactionFuzzTestInputs/redactionEngine/): "bF11 <card>" was
    // skipped as the rest of an IBAN, so the card survived redaction
    assertThat(cards("\u0000bF11 4111111111111111")).containsExactly("4111111111111111");
    assertThat(cards("DR75 5121 0800 1245 1261 99")).isEmpty();
  }

  @Test
  void shouldFindACompactCardFollowedByAShortNumber() {
    // Found by fuzzing (issue 18, RedactionFuzzTestInputs/redactionEngine/): "<card> 33" was read
    // as one grouped 18-digit number, so the card survived redaction
    assertThat(cards("ANPA 4111111111111111 33")).containsExactly("4111111111111111");
  }

  @Test
  void shouldFindACardInTheSameDigitRunAsAnIbanLikeCode() {
    // Found by fuzzing (issue 18, RedactionFuzzTestInputs/redactionEngine/): the whole run after
    // "BY22 " was skipped as an IBAN, the card at its end with it
    assertThat(cards("BY22 3311-1313332 2 333322 1-13133 4111111111111111"))
        .containsExactly("4111111111111111");
  }
}
