package dev.vigil.redactionrules.detect;

import java.util.List;

/**
 * IBANs, compact ({@code DE89370400440532013000}) or printed in groups of four separated by single
 * spaces, in any letter case ({@code de89 3704 …}). The country must be in the SWIFT IBAN registry,
 * the length must be the registered length for that country, the BBAN must have the registered
 * structure (digits where the registry has digits) and the ISO 7064 mod-97 check must hold.
 *
 * <p>Plain code, one pass: a head is two ASCII letters and two digits at the start of a word whose
 * letters are a registry country; from there at most the country's length (plus the spaces of the
 * printed form) is read, so the scan is linear. Lower-case heads are everywhere in logs ({@code
 * user12}, {@code ab12cd}), which is why this is not a regular expression over the whole text.
 */
final class IbanDetector implements Detector {
  @Override
  public String type() {
    return "iban";
  }

  @Override
  public int priority() {
    return 70;
  }

  @Override
  public boolean mayMatch(TextProfile p) {
    return p.ibanHead && p.length >= 15;
  }

  @Override
  public void find(String text, List<Span> out) {
    int n = text.length();
    int i = 0;
    while (i + 4 <= n) {
      if (head(text, i)) {
        int end = iban(text, i);
        if (end > 0) {
          out.add(new Span(i, end, type(), priority()));
          i = end;
          continue;
        }
      }
      i++;
    }
  }

  /** Two letters and two digits starting a word: "DE89", "de89" (not "user12"). */
  private static boolean head(String t, int i) {
    return letter(t.charAt(i))
        && letter(t.charAt(i + 1))
        && Runs.digit(t.charAt(i + 2))
        && Runs.digit(t.charAt(i + 3))
        && (i == 0 || !PhoneDetector.asciiWord(t.charAt(i - 1)));
  }

  /** End of the IBAN starting at {@code s}, or -1. */
  private static int iban(String text, int s) {
    int want = IbanRegistry.length(upper(text.charAt(s)) + "" + upper(text.charAt(s + 1)));
    if (want == 0) {
      return -1;
    }
    StringBuilder compact = new StringBuilder(want);
    boolean spaced = false;
    int i = s;
    while (i < text.length() && compact.length() < want) {
      char c = text.charAt(i);
      if (c == ' ') {
        // printed form: one space only after every fourth character
        if (compact.length() % 4 != 0 || i + 1 >= text.length() || !alnum(text.charAt(i + 1))) {
          return -1;
        }
        spaced = true;
      } else if (alnum(c)) {
        compact.append(upper(c));
      } else {
        return -1;
      }
      i++;
    }
    if (compact.length() != want || !boundaryAfter(text, i, spaced)) {
      return -1;
    }
    return IbanRegistry.structure(compact) && Checksums.ibanMod97(compact) ? i : -1;
  }

  /**
   * A compact IBAN must not continue (a word character follows); a printed one may be followed by
   * another word, but not by a short group of digits that continues its grouping ("VG83 KBQM … 3235
   * 7": one character too many).
   */
  private static boolean boundaryAfter(String text, int end, boolean spaced) {
    if (end == text.length()) {
      return true;
    }
    char c = text.charAt(end);
    if (c == ' ') {
      return !spaced || !digitGroupAfter(text, end + 1);
    }
    return !PhoneDetector.asciiWord(c);
  }

  private static boolean digitGroupAfter(String text, int from) {
    int i = from;
    while (i < text.length() && i - from < 5 && Runs.digit(text.charAt(i))) {
      i++;
    }
    return i > from
        && i - from <= 4
        && (i == text.length() || !Character.isLetterOrDigit(text.charAt(i)));
  }

  private static boolean letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean alnum(char c) {
    return letter(c) || Runs.digit(c);
  }

  private static char upper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
  }
}
