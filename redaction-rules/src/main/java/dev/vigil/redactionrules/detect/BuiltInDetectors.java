package dev.vigil.redactionrules.detect;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The built-in detectors by their rule-file type names. */
public final class BuiltInDetectors {
  private static final Map<String, Detector> ALL = new LinkedHashMap<>();
  private static final Runs.Ascii MAC_CHARS = new Runs.Ascii("0~9A~Fa~f:.-");

  static {
    add(
        new RegexDetector(
            "private_key",
            100,
            Pattern.compile(
                "-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?s:.*?)"
                    + "(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\\z)"),
            new int[] {0},
            p -> p.dashes >= 10,
            t -> t.contains("-----BEGIN"),
            (t, s, e) -> true));
    add(
        new RegexDetector(
            "jwt",
            90,
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"),
            new int[] {0},
            p -> p.dots >= 2 && p.length >= 20,
            t -> t.contains("eyJ"),
            BuiltInDetectors::jwtHeader));
    add(
        new RegexDetector(
            "aws_key",
            90,
            Pattern.compile(
                "\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}\\b"),
            new int[] {0},
            p -> p.upper >= 4 && p.length >= 20,
            BuiltInDetectors::awsPrefix,
            (t, s, e) -> true));
    add(
        new RegexDetector(
            "auth_header",
            85,
            Pattern.compile("(?i)\\b(bearer|basic)[ \\t]+([A-Za-z0-9._~+/-]{8,}=*)"),
            new int[] {2},
            p -> p.length >= 14 && p.hasWord(TextProfile.BEARER | TextProfile.BASIC),
            BuiltInDetectors::credential));
    add(
        new RegexDetector(
            "url_password",
            85,
            Pattern.compile(
                // the whole user:password, not only the password: the user name is an identity
                "\\b[A-Za-z][A-Za-z0-9+.-]{0,15}://([^\\s:/?#@\"'<>]*:[^\\s/?#@\"'<>]+)@"),
            new int[] {1},
            p -> p.at >= 1 && p.colons >= 2,
            t -> t.contains("://"),
            (t, s, e) -> true));
    add(
        new RegexDetector(
            "password_pair",
            80,
            Pattern.compile(
                "(?:^|[^A-Za-z0-9])[A-Za-z0-9_.-]*(?:(?i:password|passwd|passphrase|secret_key"
                    + "|secretkey|client_secret|secret|api_?key|access_?token|auth_?token"
                    + "|refresh_?token|aws_secret_access_key|private_?key)|pwd|Pwd|pass|Pass)"
                    + "[\"']?[ \\t]*[:=][ \\t]*(?:\"([^\"\\s]+)\"|'([^'\\s]+)'|([^\\s\"'&,;<>]+))"),
            new int[] {1, 2, 3},
            p -> p.equals + p.colons >= 1 && p.hasWord(TextProfile.SECRET_WORDS),
            (t, s, e) -> true));
    add(new CardDetector());
    add(new IbanDetector());
    add(
        new RegexDetector(
                "ssn",
                60,
                Pattern.compile("\\b([0-9]{3})([- ])([0-9]{2})([- ])([0-9]{4})\\b"),
                new int[] {0},
                p -> p.groupedDigits >= 9 && p.hyphenOrSpace >= 2,
                BuiltInDetectors::ssn)
            .windowed((t, sink) -> Runs.digitRuns(t, " -", 9, sink)));
    add(new EmailDetector());
    add(new Ipv6Detector());
    add(new Ipv4Detector());
    add(
        new RegexDetector(
                "mac",
                35,
                Pattern.compile(
                    "\\b(?:[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}"
                        + "|[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4})\\b"),
                new int[] {0},
                p -> p.hexRunSeps >= 5 || (p.hexRunSeps >= 2 && p.dots >= 2),
                BuiltInDetectors::standaloneMac)
            // a match is 14 or 17 of these characters
            .windowed((t, sink) -> Runs.runs(t, MAC_CHARS, (char) 0, 14, sink)));
    add(new PhoneDetector(PhoneDetector.DEFAULT_REGIONS));
  }

  private BuiltInDetectors() {}

  private static void add(Detector d) {
    ALL.put(d.type(), d);
  }

  /** Type names of every built-in detector, in priority order. */
  public static Set<String> names() {
    return ALL.keySet();
  }

  public static Optional<Detector> byName(String type) {
    return Optional.ofNullable(ALL.get(type));
  }

  /** Regions whose national phone formats the {@code phone} detector finds when none are named. */
  public static List<String> defaultPhoneRegions() {
    return PhoneDetector.DEFAULT_REGIONS;
  }

  /** Whether {@code region} (ISO 3166-1 alpha-2, upper case) has phone metadata. */
  public static boolean isPhoneRegion(String region) {
    return PhoneValidator.knownRegion(region);
  }

  /**
   * The {@code phone} detector for national formats of {@code regions} (international forms are
   * found for every region); an empty list finds international forms only.
   *
   * @throws IllegalArgumentException for a region without phone metadata
   */
  public static Detector phone(List<String> regions) {
    return regions.equals(PhoneDetector.DEFAULT_REGIONS)
        ? ALL.get("phone")
        : new PhoneDetector(regions);
  }

  /**
   * A user-defined detector: every match of {@code pattern} (RE2/J syntax, so linear time) is a
   * span of type {@code type}; {@code group} selects a capture group as the sensitive part.
   */
  public static Detector custom(String type, Pattern pattern, int group, int priority) {
    return new RegexDetector(
        type, priority, pattern, new int[] {group}, p -> true, (t, s, e) -> true);
  }

  private static final String[] AWS_PREFIXES = {
    "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "APKA", "AROA", "ASCA"
  };

  private static boolean awsPrefix(String t) {
    for (String p : AWS_PREFIXES) {
      if (t.contains(p)) {
        return true;
      }
    }
    return false;
  }

  private static boolean jwtHeader(String t, int s, int e) {
    int dot = t.indexOf('.', s);
    try {
      String header =
          new String(Base64.getUrlDecoder().decode(t.substring(s, dot)), StandardCharsets.UTF_8);
      return header.startsWith("{") && (header.contains("\"alg\"") || header.contains("\"typ\""));
    } catch (IllegalArgumentException ex) {
      return false;
    }
  }

  private static boolean credential(String t, int s, int e) {
    int i = s - 1;
    while (i > 0 && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
      i--;
    }
    boolean basic = Character.toLowerCase(t.charAt(i)) == 'c'; // "basic" vs "bearer"
    String token = t.substring(s, e);
    if (basic) {
      try {
        String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        return decoded.indexOf(':') > 0;
      } catch (IllegalArgumentException ex) {
        return false;
      }
    }
    if (token.length() < 12) {
      return false;
    }
    for (int k = 0; k < token.length(); k++) {
      if (Character.isDigit(token.charAt(k))) {
        return true;
      }
    }
    return false;
  }

  private static boolean ssn(String t, int s, int e) {
    if (t.charAt(s + 3) != t.charAt(s + 6)) {
      return false; // mixed separators
    }
    if (s >= 2
        && (t.charAt(s - 1) == '-' || t.charAt(s - 1) == '.')
        && Character.isDigit(t.charAt(s - 2))) {
      return false;
    }
    if (e + 1 < t.length()
        && (t.charAt(e) == '-' || t.charAt(e) == '.')
        && Character.isDigit(t.charAt(e + 1))) {
      return false;
    }
    return Checksums.ssn(t.substring(s, s + 3), t.substring(s + 4, s + 6), t.substring(s + 7, e));
  }

  /** Rejects six hex pairs that are part of a longer colon/dash list (fingerprints). */
  private static boolean standaloneMac(String t, int s, int e) {
    if (s >= 2
        && ":-.".indexOf(t.charAt(s - 1)) >= 0
        && Character.digit(t.charAt(s - 2), 16) >= 0) {
      return false;
    }
    return !(e + 1 < t.length()
        && ":-.".indexOf(t.charAt(e)) >= 0
        && Character.digit(t.charAt(e + 1), 16) >= 0);
  }
}
