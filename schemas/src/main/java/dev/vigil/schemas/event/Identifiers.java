package dev.vigil.schemas.event;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one identifier rule (issue 18) for site, service, segment, source, vantage, collector and key
 * ids, wherever they enter: the HTTP API, {@code vigil publish}, tailers, syslog, probe and posture
 * config, the failover config, operator commands and rule sets.
 *
 * <p>An identifier is 1 to {@value #MAX_LENGTH} code points, NFC-normalised (the accepted form is
 * the normalised one, so two spellings never make two keys), starts with a letter, digit or {@code
 * _}, and continues with letters, combining marks, digits and {@code _ . : @ -}. That excludes
 * every control (Cc), format (Cf: bidi overrides, zero-width characters), unassigned (Cn),
 * private-use (Co) and surrogate (Cs) code point, white space and separators. An identifier becomes
 * a Kafka key, a state-store key, an alert label and a status-page row, so anything else is
 * refused, never repaired.
 *
 * <p>Rejection messages name the field and the rule broken, never the value.
 */
public final class Identifiers {
  /** Longest identifier, in code points. */
  public static final int MAX_LENGTH = 64;

  /** The pattern, over the NFC form. */
  public static final Pattern PATTERN =
      Pattern.compile("[\\p{L}\\p{N}_][\\p{L}\\p{M}\\p{N}_.:@-]*", Pattern.UNICODE_CHARACTER_CLASS);

  /** Longest key id ({@code redaction/vigil-pseudonym}), in code points. */
  public static final int MAX_KEY_ID_LENGTH = 128;

  /** Key ids: identifiers joined by {@code /} (a keyset and its key, as key reports name them). */
  public static final Pattern KEY_ID_PATTERN =
      Pattern.compile(
          "[\\p{L}\\p{N}_][\\p{L}\\p{M}\\p{N}_.:@-]*(?:/[\\p{L}\\p{N}_][\\p{L}\\p{M}\\p{N}_.:@-]*)*",
          Pattern.UNICODE_CHARACTER_CLASS);

  /** The key id rule as error messages state it. */
  public static final String KEY_ID_RULE =
      "1-" + MAX_KEY_ID_LENGTH + " characters: identifiers joined by /";

  /** The rule as documentation and error messages state it. */
  public static final String RULE =
      "1-" + MAX_LENGTH + " letters, digits or _ . : @ -, starting with a letter, digit or _";

  private Identifiers() {}

  /**
   * The NFC form of {@code value} if it is a valid identifier.
   *
   * @param field the field or config key named in the message ({@code service}, {@code
   *     ingest.http.tokens[2].collector})
   * @throws InvalidIdentifierException naming {@code field} and the rule broken
   */
  public static String require(String field, String value) {
    Optional<String> problem = problem(value);
    if (problem.isPresent()) {
      throw new InvalidIdentifierException(field, problem.get());
    }
    return nfc(value);
  }

  /** The NFC form of {@code value}; ASCII is returned as it is (its own NFC form). */
  public static String nfc(String value) {
    return plainAscii(value) ? value : Normalizer.normalize(value, Normalizer.Form.NFC);
  }

  /** Like {@link #require} but the empty string is accepted as "none" (a site-wide service). */
  public static String requireOrEmpty(String field, String value) {
    return value != null && value.isEmpty() ? value : require(field, value);
  }

  /**
   * Checks a configured identifier: valid and already in NFC (config values are compared with event
   * values, which are normalised on entry, so a config must spell them the same way).
   *
   * @throws InvalidIdentifierException naming {@code key} and the rule broken
   */
  public static String requireCanonical(String key, String value) {
    String nfc = require(key, value);
    if (!nfc.equals(value)) {
      throw new InvalidIdentifierException(key, "must be in Unicode NFC form");
    }
    return value;
  }

  /** True when {@code value} is a valid identifier. */
  public static boolean isValid(String value) {
    return problem(value).isEmpty();
  }

  /**
   * Which part of the rule {@code value} breaks, or empty when it is a valid identifier. The text
   * never contains the value.
   */
  public static Optional<String> problem(String value) {
    return problem(value, MAX_LENGTH, PATTERN, RULE);
  }

  /** Like {@link #problem(String)} for a key id ({@link #KEY_ID_PATTERN}). */
  public static Optional<String> keyIdProblem(String value) {
    return problem(value, MAX_KEY_ID_LENGTH, KEY_ID_PATTERN, KEY_ID_RULE);
  }

  private static Optional<String> problem(
      String value, int maxLength, Pattern pattern, String rule) {
    if (value == null) {
      return Optional.of("is missing");
    }
    if (value.isEmpty()) {
      return Optional.of("must not be empty");
    }
    // Bound before any other work: a 300,000-character id costs nothing more than this check.
    if (value.length() > maxLength * 2) {
      return Optional.of("longer than " + maxLength + " characters");
    }
    if (pattern == PATTERN && value.length() <= maxLength && plainAscii(value)) {
      return Optional.empty(); // the common case: ASCII is its own NFC form and matches PATTERN
    }
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      Optional<String> bad = badCodePoint(value, i, cp);
      if (bad.isPresent()) {
        return bad;
      }
      i += Character.charCount(cp);
    }
    String nfc = Normalizer.normalize(value, Normalizer.Form.NFC);
    if (nfc.codePointCount(0, nfc.length()) > maxLength) {
      return Optional.of("longer than " + maxLength + " characters");
    }
    if (!pattern.matcher(nfc).matches()) {
      return Optional.of("must be " + rule);
    }
    return Optional.empty();
  }

  /**
   * True when {@code value} is an identifier made only of ASCII letters, digits and {@code _ . : @
   * -}, starting with a letter, digit or {@code _}: valid under {@link #PATTERN} and already NFC,
   * so the Unicode checks can be skipped. Every identifier on the hot paths (ingest, redactor) is
   * one.
   */
  static boolean plainAscii(String value) {
    if (value.isEmpty() || !asciiWordChar(value.charAt(0))) {
      return false;
    }
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!asciiWordChar(c) && c != '.' && c != ':' && c != '@' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean asciiWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static Optional<String> badCodePoint(String value, int index, int cp) {
    if (Character.isSurrogate(value.charAt(index)) && Character.charCount(cp) == 1) {
      return Optional.of("contains a lone surrogate");
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL -> Optional.of("contains a control character");
      case Character.FORMAT ->
          Optional.of("contains a format character (bidi override or zero-width)");
      case Character.UNASSIGNED -> Optional.of("contains an unassigned code point");
      case Character.PRIVATE_USE -> Optional.of("contains a private-use code point");
      case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
          Optional.of("contains white space");
      default -> Optional.empty();
    };
  }

  /** A value that breaks the identifier rule; the message names the field, never the value. */
  public static final class InvalidIdentifierException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String problem;

    public InvalidIdentifierException(String field, String problem) {
      super(field + ": " + problem);
      this.field = field;
      this.problem = problem;
    }

    /** The field or config key. */
    public String field() {
      return field;
    }

    /** The rule broken, without the field. */
    public String problem() {
      return problem;
    }
  }
}
