package dev.vigil.schemas.event;

/**
 * Cuts free text to a limit and marks the cut: {@code …[truncated N chars]} replaces the tail, so
 * the result is at most {@code limit} UTF-16 units and a reader sees that text is missing. A cut
 * never splits a surrogate pair; lone surrogates (which UTF-8 cannot carry) become U+FFFD.
 */
public final class BoundedText {
  private BoundedText() {}

  /** {@code text} itself when within {@code limit} and well-formed, else its cut, marked form. */
  public static String cut(String text, int limit) {
    String wellFormed = replaceLoneSurrogates(text);
    if (wellFormed.length() <= limit) {
      return wellFormed;
    }
    // The marker's length depends on the count it reports; at most two rounds settle it.
    int keep = limit - marker(wellFormed.length()).length();
    keep = Math.max(0, keep);
    if (keep > 0 && Character.isHighSurrogate(wellFormed.charAt(keep - 1))) {
      keep--;
    }
    String marker = marker(wellFormed.length() - keep);
    if (marker.length() > limit) {
      return marker.substring(0, limit);
    }
    return wellFormed.substring(0, keep) + marker;
  }

  /** The marker appended to cut text. */
  public static String marker(int removedChars) {
    return "…[truncated " + removedChars + " chars]";
  }

  static String replaceLoneSurrogates(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lone =
          Character.isHighSurrogate(c)
              ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
              : Character.isLowSurrogate(c)
                  && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
      if (lone && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        out.append(lone ? '\uFFFD' : c);
      }
    }
    return out == null ? text : out.toString();
  }
}
