package dev.vigil.redactionrules.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * IBANs of every registry country, compact and printed in groups of four, in upper, lower and mixed
 * case; wrong check digits, wrong lengths, a BBAN against its country's structure and countries
 * outside the registry are not IBANs. The registry examples below are an independent check of the
 * country table (a wrong length or structure there fails them).
 */
class IbanRegistryTest {
  private static final Scanner SCANNER = allDetectors();

  private static Scanner allDetectors() {
    List<Detector> all = new ArrayList<>();
    BuiltInDetectors.names().forEach(n -> all.add(BuiltInDetectors.byName(n).orElseThrow()));
    return new Scanner(all);
  }

  private static List<String> ibans(String value) {
    String text = "2026-03-02T08:15:04Z transfer to " + value + " failed: limit";
    List<String> out = new ArrayList<>();
    for (Span s : SCANNER.scan(text)) {
      if (s.type().equals("iban")) {
        out.add(text.substring(s.start(), s.end()));
      }
    }
    return out;
  }

  static String printed(String compact) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < compact.length(); i += 4) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(compact, i, Math.min(compact.length(), i + 4));
    }
    return b.toString();
  }

  /** Compact and printed, each in upper, lower and alternating case. */
  static List<String> forms(String iban) {
    List<String> out = new ArrayList<>();
    for (String f : List.of(iban, printed(iban))) {
      out.add(f);
      out.add(f.toLowerCase(Locale.ROOT));
      StringBuilder mixed = new StringBuilder(f);
      for (int i = 0; i < mixed.length(); i += 2) {
        mixed.setCharAt(i, Character.toLowerCase(mixed.charAt(i)));
      }
      out.add(mixed.toString());
    }
    return out;
  }

  /** Check digits that make {@code country + "00" + bban} valid under ISO 7064 mod 97-10. */
  static String withCheckDigits(String country, String bban) {
    StringBuilder n = new StringBuilder();
    for (char c : (bban + country + "00").toCharArray()) {
      n.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    int check = 98 - new BigInteger(n.toString()).mod(BigInteger.valueOf(97)).intValue();
    return country + String.format("%02d", check) + bban;
  }

  static String randomBban(char[] kinds, Random random) {
    StringBuilder b = new StringBuilder();
    for (char k : kinds) {
      boolean letter = k == 'a' || (k == 'c' && random.nextBoolean());
      b.append(letter ? (char) ('A' + random.nextInt(26)) : (char) ('0' + random.nextInt(10)));
    }
    return b.toString();
  }

  @Test
  void shouldKnowTheEightyNineRegistryCountries() {
    assertThat(IbanRegistry.countries()).hasSize(89).contains("DE", "GB", "HN", "RU", "YE");
  }

  @ParameterizedTest
  @CsvSource(
      textBlock =
          """
          AD12 0001 2030 2003 5910 0100
          AE07 0331 2345 6789 0123 456
          AL47 2121 1009 0000 0002 3569 8741
          AT61 1904 3002 3457 3201
          AZ21 NABZ 0000 0000 1370 1000 1944
          BA39 1290 0794 0102 8494
          BE68 5390 0754 7034
          BG80 BNBG 9661 1020 3456 78
          BH67 BMAG 0000 1299 1234 56
          BI42 1000 0100 0100 0033 2045 181
          BR18 0036 0305 0000 1000 9795 493C 1
          BY13 NBRB 3600 9000 0000 2Z00 AB00
          CH93 0076 2011 6238 5295 7
          CR05 0152 0200 1026 2840 66
          CY17 0020 0128 0000 0012 0052 7600
          CZ65 0800 0000 1920 0014 5399
          DE89 3704 0044 0532 0130 00
          DK50 0040 0440 1162 43
          DO28 BAGR 0000 0001 2124 5361 1324
          EE38 2200 2210 2014 5685
          EG38 0019 0005 0000 0000 2631 8000 2
          ES91 2100 0418 4502 0005 1332
          FI21 1234 5600 0007 85
          FO62 6460 0001 6316 34
          FR14 2004 1010 0505 0001 3M02 606
          GB29 NWBK 6016 1331 9268 19
          GE29 NB00 0000 0101 9049 17
          GI75 NWBK 0000 0000 7099 453
          GL89 6471 0001 0002 06
          GR16 0110 1250 0000 0001 2300 695
          GT82 TRAJ 0102 0000 0012 1002 9690
          HR12 1001 0051 8630 0016 0
          HU42 1177 3016 1111 1018 0000 0000
          IE29 AIBK 9311 5212 3456 78
          IL62 0108 0000 0009 9999 999
          IQ98 NBIQ 8501 2345 6789 012
          IS14 0159 2600 7654 5510 7303 39
          IT60 X054 2811 1010 0000 0123 456
          JO94 CBJO 0010 0000 0000 0131 0003 02
          KW81 CBKU 0000 0000 0000 1234 5601 01
          KZ86 125K ZT50 0410 0100
          LB62 0999 0000 0001 0019 0122 9114
          LC55 HEMM 0001 0001 0012 0012 0002 3015
          LI21 0881 0000 2324 013A A
          LT12 1000 0111 0100 1000
          LU28 0019 4006 4475 0000
          LV80 BANK 0000 4351 9500 1
          LY83 0020 4800 0020 1001 2036 1
          MC58 1122 2000 0101 2345 6789 030
          MD24 AG00 0225 1000 1310 4168
          ME25 5050 0001 2345 6789 51
          MK07 2501 2000 0058 984
          MR13 0002 0001 0100 0012 3456 753
          MT84 MALT 0110 0001 2345 MTLC AST0 01S
          MU17 BOMM 0101 1010 3030 0200 000M UR
          NL91 ABNA 0417 1643 00
          NO93 8601 1117 947
          PK36 SCBL 0000 0011 2345 6702
          PL61 1090 1014 0000 0712 1981 2874
          PS92 PALS 0000 0000 0400 1234 5670 2
          PT50 0002 0123 1234 5678 9015 4
          QA58 DOHB 0000 1234 5678 90AB CDEF G
          RO49 AAAA 1B31 0075 9384 0000
          RS35 2600 0560 1001 6113 79
          SA03 8000 0000 6080 1016 7519
          SC18 SSCB 1101 0000 0000 0000 1497 USD
          SD21 2901 0501 2340 01
          SE45 5000 0000 0583 9825 7466
          SI56 2633 0001 2039 086
          SK31 1200 0000 1987 4263 7541
          SM86 U032 2509 8000 0000 0270 100
          ST23 0001 0001 0051 8453 1014 6
          SV62 CENR 0000 0000 0000 0070 0025
          TL38 0080 0123 4567 8910 157
          TN59 1000 6035 1835 9847 8831
          TR33 0006 1005 1978 6457 8413 26
          UA21 3223 1300 0002 6007 2335 6600 1
          VA59 0011 2300 0012 3456 78
          VG96 VPVG 0000 0123 4567 8901
          XK05 1212 0123 4567 8906
          """)
  void shouldFindTheRegistryExampleOfEachCountryInEveryForm(String example) {
    // SWIFT IBAN registry examples, as listed by skwasjer/IbanNet SupportedCountries.md (MIT)
    String compact = example.replace(" ", "");
    for (String form : forms(compact)) {
      assertThat(ibans(form)).as(form).containsExactly(form);
    }
  }

  @Provide
  Arbitrary<String> validIbans() {
    return Combinators.combine(
            Arbitraries.of(List.copyOf(new java.util.TreeSet<>(IbanRegistry.countries()))),
            Arbitraries.longs())
        .as(
            (country, seed) ->
                withCheckDigits(country, randomBban(IbanRegistry.bban(country), new Random(seed))));
  }

  @Property(tries = 1000)
  void anyRegistryIbanIsFoundInEveryFormAndNotWithWrongCheckDigits(
      @ForAll("validIbans") String iban) {
    for (String form : forms(iban)) {
      assertThat(ibans(form)).as("valid %s", form).containsExactly(form);
    }
    int check = Integer.parseInt(iban.substring(2, 4));
    String wrong =
        iban.substring(0, 2) + String.format("%02d", (check + 1) % 100) + iban.substring(4);
    for (String form : forms(wrong)) {
      assertThat(ibans(form)).as("wrong check digits %s", form).isEmpty();
    }
  }

  @Property(tries = 500)
  void ibansOfTheWrongLengthOrStructureOrCountryAreNotFound(@ForAll("validIbans") String iban) {
    String country = iban.substring(0, 2);
    String bban = iban.substring(4);
    List<String> lookAlikes = new ArrayList<>();
    // one character short and one too long, with check digits that fit
    lookAlikes.add(withCheckDigits(country, bban.substring(1)));
    lookAlikes.add(withCheckDigits(country, bban + "7"));
    // a letter where the registry has a digit
    int digitAt = new String(IbanRegistry.bban(country)).indexOf('n');
    if (digitAt >= 0) {
      lookAlikes.add(
          withCheckDigits(country, bban.substring(0, digitAt) + "K" + bban.substring(digitAt + 1)));
    }
    // a country outside the registry (US, a French department, a made-up code)
    for (String other : List.of("US", "GF", "QQ")) {
      lookAlikes.add(withCheckDigits(other, bban));
    }
    for (String l : lookAlikes) {
      for (String form : forms(l)) {
        assertThat(ibans(form)).as("look-alike %s", form).isEmpty();
      }
    }
  }

  @Test
  void shouldFindTwoIbansInARowAndStopAtTheNextWord() {
    assertThat(ibans("de89 3704 0044 0532 0130 00 and gb29 nwbk 6016 1331 9268 19"))
        .containsExactly("de89 3704 0044 0532 0130 00", "gb29 nwbk 6016 1331 9268 19");
  }
}
