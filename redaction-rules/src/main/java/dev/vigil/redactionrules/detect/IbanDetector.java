package dev.vigil.redactionrules.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;

/**
 * IBANs, compact ({@code DE89370400440532013000}) or printed in groups of four separated by single
 * spaces; upper case only. The country must use IBANs, the length must be the registered length for
 * that country and the ISO 7064 mod-97 check must hold.
 */
final class IbanDetector implements Detector {
  private static final Pattern CANDIDATE =
      Pattern.compile("\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,40}\\b");

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
    Matcher m = CANDIDATE.matcher(text);
    while (m.find()) {
      int s = m.start();
      int want = Checksums.ibanLength(text.substring(s, s + 2));
      if (want == 0) {
        continue;
      }
      StringBuilder compact = new StringBuilder(want);
      boolean spaced = false;
      int i = s;
      int end = -1;
      while (i < m.end() && compact.length() < want) {
        char c = text.charAt(i);
        if (c == ' ') {
          // printed form: a space only after every fourth character
          if (compact.length() % 4 != 0) {
            break;
          }
          spaced = true;
        } else {
          compact.append(c);
        }
        i++;
      }
      if (compact.length() == want) {
        end = i;
      }
      if (end < 0 || !boundaryAfter(text, end, spaced, m.end())) {
        continue;
      }
      if (Checksums.ibanMod97(compact)) {
        out.add(new Span(s, end, type(), priority()));
      }
    }
  }

  private static boolean boundaryAfter(String text, int end, boolean spaced, int runEnd) {
    if (end == runEnd) {
      return true;
    }
    // a compact IBAN must not continue; a printed one may be followed by another word
    return text.charAt(end) == ' ' && (spaced || text.indexOf(' ', end) == end);
  }
}
