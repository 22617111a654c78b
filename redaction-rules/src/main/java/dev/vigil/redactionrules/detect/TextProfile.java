package dev.vigil.redactionrules.detect;

/**
 * Character counts of one string, computed in one pass, so detectors can skip text that cannot
 * contain what they look for. Mutable and reused per thread.
 */
public final class TextProfile {
  int length;
  int digits;
  int upper;
  int at;
  int colons;
  int dots;
  int dashes;
  int equals;
  int hyphenOrSpace;

  public TextProfile of(String s) {
    length = s.length();
    digits = upper = at = colons = dots = dashes = equals = hyphenOrSpace = 0;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c >= 'A' && c <= 'Z') {
        upper++;
      } else {
        switch (c) {
          case '@' -> at++;
          case ':' -> colons++;
          case '.' -> dots++;
          case '-' -> {
            dashes++;
            hyphenOrSpace++;
          }
          case ' ' -> hyphenOrSpace++;
          case '=' -> equals++;
          default -> {}
        }
      }
    }
    return this;
  }
}
