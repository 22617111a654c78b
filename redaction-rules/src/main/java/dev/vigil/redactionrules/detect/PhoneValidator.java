package dev.vigil.redactionrules.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;

/**
 * The libphonenumber half of {@link PhoneDetector}: decides whether the digits of one candidate are
 * a phone number. Numbers are built from the digits directly ({@code parse} would run its own
 * regular expressions over the text again, 5–10× slower); the metadata of every region is loaded
 * once, when the first validator is created, so no detection waits for a resource file.
 *
 * <p>Evidence decides which check applies:
 *
 * <ul>
 *   <li>{@code +CC…} (or a grouped {@code 00CC…}/{@code 011CC…}): the country calling code must
 *       exist and the length must be possible for it ({@code isPossibleNumberWithReason ==
 *       IS_POSSIBLE}, so a 7-digit local-only length does not count). Not {@code isValidNumber}:
 *       the explicit international form already is strong evidence, and validity would miss
 *       reserved and fictional ranges that people and test data use ({@code +44 7700 900123},
 *       Ofcom's drama range; NANP {@code 555-01xx}) and ranges allocated after the metadata.
 *   <li>National forms: {@code isValidNumberForRegion} for one of the configured regions (the
 *       national number ranges of that region, not only its lengths), because without a country
 *       code a digit string has much weaker evidence.
 *   <li>A compact {@code 00CC…} without separators: {@code isValidNumber} (zero-padded ids look
 *       like that).
 * </ul>
 */
final class PhoneValidator {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final String UNKNOWN_REGION = "ZZ";

  static {
    // every region's metadata now (a few hundred ms once), not in the middle of a record
    for (String r : UTIL.getSupportedRegions()) {
      UTIL.getCountryCodeForRegion(r);
    }
    for (int cc : UTIL.getSupportedGlobalNetworkCallingCodes()) {
      UTIL.getExampleNumberForNonGeoEntity(cc);
    }
  }

  /**
   * One configured region: its code, calling code and trunk (national) prefix; {@code parse}: its
   * national prefix rules are more than a trunk prefix (Argentina's "15" mobile token, Belarus's "8
   * 0"), so national numbers go through {@code parse} when the plain check fails.
   */
  private record Region(String code, int callingCode, String trunk, boolean nanpa, boolean parse) {}

  private final List<Region> regions;

  /** {@code regions}: upper-case region codes that {@link #knownRegion} accepts. */
  PhoneValidator(List<String> regions) {
    List<Region> rs = new ArrayList<>();
    for (String r : regions) {
      if (!knownRegion(r)) {
        throw new IllegalArgumentException("unknown phone region " + r);
      }
      Region plain =
          new Region(
              r,
              UTIL.getCountryCodeForRegion(r),
              UTIL.getNddPrefixForRegion(r, true),
              UTIL.isNANPACountry(r),
              false);
      rs.add(
          plainReadsOwnExamples(plain)
              ? plain
              : new Region(r, plain.callingCode(), plain.trunk(), plain.nanpa(), true));
    }
    this.regions = List.copyOf(rs);
  }

  /** Whether the plain trunk-prefix check accepts the region's own examples in national form. */
  private static boolean plainReadsOwnExamples(Region r) {
    for (PhoneNumberType t : List.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE)) {
      PhoneNumber n = UTIL.getExampleNumberForType(r.code(), t);
      if (n != null
          && plain(
                  r,
                  PhoneNumberUtil.normalizeDigitsOnly(UTIL.format(n, PhoneNumberFormat.NATIONAL)))
              == null) {
        return false;
      }
    }
    return true;
  }

  /** Whether libphonenumber has metadata for the region code (ISO 3166-1 alpha-2, upper case). */
  static boolean knownRegion(String region) {
    return UTIL.getSupportedRegions().contains(region);
  }

  /**
   * {@code digits} after a {@code +} (or after an international call prefix): a calling code and a
   * national number of a length possible for it; {@code strict}: valid, not only possible.
   */
  boolean international(String digits, boolean strict) {
    for (int ccLength = 1; ccLength <= 3 && ccLength < digits.length(); ccLength++) {
      int cc = Integer.parseInt(digits.substring(0, ccLength));
      if (!UTIL.getRegionCodeForCountryCode(cc).equals(UNKNOWN_REGION)) {
        // calling codes are a prefix code: at most one length can match
        PhoneNumber n = number(cc, digits.substring(ccLength));
        if (n == null) {
          return false;
        }
        return strict
            ? UTIL.isValidNumber(n)
            : UTIL.isPossibleNumberWithReason(n) == ValidationResult.IS_POSSIBLE;
      }
    }
    return false;
  }

  /**
   * Whether {@code digits}, written without a country code, are a valid number of a configured
   * region. {@code needsTrunk}: the written form alone is weak evidence (one compact digit string,
   * or groups no phone format uses), so in a region whose national format starts with a trunk
   * prefix ({@code 0} in GB, DE, FR, IN) that prefix must be written — unless {@code groups} (the
   * written group lengths, or null) are exactly the groups of the region's own national format.
   */
  boolean national(String digits, boolean needsTrunk, int[] groups) {
    for (Region r : regions) {
      Reading m = plain(r, digits);
      if (m == null && r.parse()) {
        m = parsed(r, digits);
      }
      if (m == null) {
        continue;
      }
      boolean trunkWritten = m.trunk() || r.nanpa() || r.trunk() == null || r.trunk().isEmpty();
      if (!needsTrunk || trunkWritten || sameGroups(m.number(), r, groups)) {
        return true;
      }
    }
    return false;
  }

  /** A valid national number and whether its trunk prefix was written. */
  private record Reading(PhoneNumber number, boolean trunk) {}

  /** {@code digits} as trunk prefix (if written) and national number, if valid in the region. */
  private static Reading plain(Region r, String digits) {
    boolean trunk;
    String nsn;
    if (r.nanpa()) {
      // NANP: "1" is the trunk prefix, usually left out; national numbers have 10 digits
      trunk = digits.length() == 11 && digits.charAt(0) == '1';
      nsn = trunk ? digits.substring(1) : digits;
    } else if (r.trunk() != null && !r.trunk().isEmpty() && digits.startsWith(r.trunk())) {
      trunk = true;
      nsn = digits.substring(r.trunk().length());
    } else {
      trunk = false;
      nsn = digits;
    }
    PhoneNumber n = number(r.callingCode(), nsn);
    return n != null && UTIL.isValidNumberForRegion(n, r.code()) ? new Reading(n, trunk) : null;
  }

  /** {@code digits} read by libphonenumber's own national prefix rules, if valid in the region. */
  private static Reading parsed(Region r, String digits) {
    try {
      PhoneNumber n = UTIL.parse(digits, r.code());
      if (!UTIL.isValidNumberForRegion(n, r.code())) {
        return null;
      }
      return new Reading(n, digits.length() > UTIL.getNationalSignificantNumber(n).length());
    } catch (NumberParseException e) {
      return null;
    }
  }

  /** Whether the national format of {@code n} (without its trunk prefix) has these groups. */
  private static boolean sameGroups(PhoneNumber n, Region r, int[] groups) {
    if (groups == null) {
      return false;
    }
    String f = UTIL.format(n, PhoneNumberFormat.NATIONAL);
    List<Integer> lens = new ArrayList<>();
    int run = 0;
    for (int i = 0; i < f.length(); i++) {
      if (Runs.digit(f.charAt(i))) {
        run++;
      } else if (run > 0) {
        lens.add(run);
        run = 0;
      }
    }
    if (run > 0) {
      lens.add(run);
    }
    if (r.trunk() != null && f.startsWith(r.trunk()) && !lens.isEmpty()) {
      lens.set(0, lens.get(0) - r.trunk().length()); // written without the trunk prefix
      if (lens.get(0) == 0) {
        lens.remove(0);
      }
    }
    if (lens.size() != groups.length) {
      return false;
    }
    for (int i = 0; i < groups.length; i++) {
      if (lens.get(i) != groups[i]) {
        return false;
      }
    }
    return true;
  }

  /** A number from a calling code and national digits, as {@code parse} would build it. */
  private static PhoneNumber number(int callingCode, String nsn) {
    if (nsn.isEmpty() || nsn.length() > 17) {
      return null;
    }
    PhoneNumber n = new PhoneNumber().setCountryCode(callingCode);
    n.setNationalNumber(Long.parseLong(nsn));
    if (nsn.length() > 1 && nsn.charAt(0) == '0') {
      // Italian-style leading zeros belong to the national number
      n.setItalianLeadingZero(true);
      int zeros = 1;
      while (zeros < nsn.length() - 1 && nsn.charAt(zeros) == '0') {
        zeros++;
      }
      if (zeros != 1) {
        n.setNumberOfLeadingZeros(zeros);
      }
    }
    return n;
  }
}
