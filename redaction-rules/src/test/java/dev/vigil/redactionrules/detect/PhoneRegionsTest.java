package dev.vigil.redactionrules.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libphonenumber's own example numbers of every region, printed as that library prints them: in
 * international and E.164 form they are found whatever regions are configured; in national form
 * they are found by a detector configured for their region. Its invalid example numbers, numbers
 * with an unknown calling code or an impossible length, and the usual log numbers are not.
 */
class PhoneRegionsTest {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final List<PhoneNumberType> TYPES =
      List.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE);

  /** Phone spans that {@code detector} finds in a log line asking to call {@code value}. */
  private static List<String> phones(Detector detector, String value) {
    return spans(detector, "2026-03-02T08:15:04Z callback requested, contact " + value + " (4411)");
  }

  /** Phone spans that {@code detector} finds in a log line without a phone word. */
  private static List<String> neutral(Detector detector, String value) {
    return spans(detector, "2026-03-02T08:15:04Z flow closed " + value + " (ticket 4411)");
  }

  private static List<String> spans(Detector detector, String text) {
    List<Span> spans = new ArrayList<>();
    if (detector.mayMatch(new TextProfile().of(text))) {
      detector.find(text, spans);
    }
    return spans.stream().map(s -> text.substring(s.start(), s.end())).toList();
  }

  private static List<PhoneNumber> examples(String region) {
    List<PhoneNumber> out = new ArrayList<>();
    for (PhoneNumberType t : TYPES) {
      PhoneNumber n = UTIL.getExampleNumberForType(region, t);
      if (n != null && UTIL.isValidNumber(n)) {
        out.add(n);
      }
    }
    return out;
  }

  @Test
  void shouldFindEveryRegionsExamplesInInternationalAndE164Form() {
    // Given the default detector (national formats of five regions only)
    Detector phone = BuiltInDetectors.byName("phone").orElseThrow();
    List<String> missed = new ArrayList<>();
    int checked = 0;

    // When every region's fixed-line and mobile example is printed internationally
    for (String region : new TreeSet<>(UTIL.getSupportedRegions())) {
      for (PhoneNumber n : examples(region)) {
        for (PhoneNumberFormat f :
            List.of(PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164)) {
          String printed = UTIL.format(n, f);
          checked++;
          if (!phones(phone, printed).equals(List.of(printed))) {
            missed.add(region + " " + printed + " -> " + phones(phone, printed));
          }
        }
      }
    }

    // Then each is found with its exact span
    System.out.printf("international and E.164 forms checked: %d%n", checked);
    assertThat(missed).isEmpty();
    assertThat(checked).isGreaterThan(800);
  }

  @Test
  void shouldFindEveryRegionsExamplesInNationalFormWhenTheRegionIsConfigured() {
    List<String> missed = new ArrayList<>();
    int checked = 0;
    for (String region : new TreeSet<>(UTIL.getSupportedRegions())) {
      // Given a detector for this region's national formats
      Detector phone = BuiltInDetectors.phone(List.of(region));
      for (PhoneNumber n : examples(region)) {
        // When its example is printed as the region prints it (and with dashes for spaces)
        String national = UTIL.format(n, PhoneNumberFormat.NATIONAL);
        for (String printed : new LinkedHashSet<>(List.of(national, national.replace(' ', '-')))) {
          if (printed.replaceAll("[^0-9]", "").length() < 8) {
            continue; // short national numbers (7 digits and less) are not detected on purpose
          }
          checked++;
          // Then it is found with its exact span
          if (!phones(phone, printed).equals(List.of(printed))) {
            missed.add(region + " " + printed + " -> " + phones(phone, printed));
          }
        }
      }
    }
    System.out.printf("national forms checked: %d%n", checked);
    assertThat(missed).isEmpty();
    assertThat(checked).isGreaterThan(600);
  }

  @Test
  void shouldNotFindInvalidExamplesOfAConfiguredRegion() {
    List<String> found = new ArrayList<>();
    int checked = 0;
    for (String region : new TreeSet<>(UTIL.getSupportedRegions())) {
      // Given libphonenumber's invalid example for the region, printed nationally
      PhoneNumber bad = UTIL.getInvalidExampleNumber(region);
      if (bad == null) {
        continue;
      }
      Detector phone = BuiltInDetectors.phone(List.of(region));
      String national = UTIL.format(bad, PhoneNumberFormat.NATIONAL);
      if (national.replaceAll("[^0-9]", "").length() < 8) {
        continue;
      }
      checked++;
      // When / Then a detector for that region does not take it
      if (!phones(phone, national).isEmpty()) {
        found.add(region + " " + national);
      }
    }
    System.out.printf("invalid national examples checked: %d%n", checked);
    assertThat(found).isEmpty();
    assertThat(checked).isGreaterThan(50);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+999 30 901820", // no such calling code
        "+800 1234", // too short for any number
        "+1 555 1234", // a local-only length
        "+44 7700 900 123 456 78", // too long
        "+12345678",
        "0012345678", // a zero-padded id, not 00 + a calling code
        "1.2.3.4",
        "10.0.19045.3693",
        "2026-03-02 08:15:04",
        "1772439304.123",
        "203.0.113.54:8443",
        "pid 23817 port 8443 bytes 2147483647",
        "2016-01-27 10 20",
        "27.01.2016",
        "seq 20260302081504",
        "4242 4242 4242 4241"
      })
  void shouldNotFindDecoys(String decoy) {
    assertThat(neutral(BuiltInDetectors.byName("phone").orElseThrow(), decoy)).isEmpty();
  }

  @Test
  void shouldFindACompactNationalNumberOnlyNextToAPhoneWord() {
    Detector phone = BuiltInDetectors.byName("phone").orElseThrow();
    // a valid US number written as one digit string is a counter in most log lines ...
    assertThat(neutral(phone, "bytes=2015550123")).isEmpty();
    assertThat(neutral(phone, "bytes=07700900123")).isEmpty();
    // ... and a phone number next to a phone word, before or after it
    assertThat(phones(phone, "2015550123")).containsExactly("2015550123");
    assertThat(spans(phone, "reach me on 07700900123 please")).containsExactly("07700900123");
    assertThat(spans(phone, "2015550123 (mobile)")).containsExactly("2015550123");
    // a grouped or international number needs no phone word
    assertThat(neutral(phone, "201-555-0123")).containsExactly("201-555-0123");
    assertThat(neutral(phone, "+12015550123")).containsExactly("+12015550123");
  }
}
