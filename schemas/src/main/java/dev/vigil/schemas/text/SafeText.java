package dev.vigil.schemas.text;

/**
 * Safe display of attacker-influenced text (issue 18): an IDS signature, a host name or a message
 * can carry control characters (a terminal escape, NUL, a newline forging a log line) or bidi and
 * zero-width format characters (U+202E turns {@code exe.txt} around). Wherever such text is shown —
 * CLI output, {@code vigil demo}, alerts and their delivery payloads, the status page — it goes
 * through {@link #escape}, which writes every such code point visibly as {@code \\uXXXX} (or {@code
 * \\u{XXXXX}} beyond the BMP). Letters of every script, marks and ordinary punctuation stay as they
 * are.
 *
 * <p>Escaped: controls (Cc, including tab, CR and LF), format characters (Cf), line and paragraph
 * separators, unassigned (Cn) and private-use (Co) code points, and lone surrogates.
 */
public final class SafeText {
  private SafeText() {}

  /** {@code text} with every unsafe code point escaped; {@code null} stays {@code null}. */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (unsafe(text, i, cp)) {
        break;
      }
      i += Character.charCount(cp);
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (unsafe(text, i, cp)) {
        out.append(cp > 0xFFFF ? String.format("\\u{%X}", cp) : String.format("\\u%04X", cp));
      } else {
        out.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /**
   * Like {@link #escape} for JSON text (one document, as written by Jackson): unsafe code points
   * become JSON escapes ({@code \\u202E}; a surrogate pair beyond the BMP), so the output stays
   * valid JSON that decodes to the same strings, and a terminal shows the escape, not the effect.
   */
  public static String escapeJson(String json) {
    if (json == null) {
      return null;
    }
    StringBuilder out = null;
    int i = 0;
    while (i < json.length()) {
      int cp = json.codePointAt(i);
      int n = Character.charCount(cp);
      if (unsafe(json, i, cp)) {
        if (out == null) {
          out = new StringBuilder(json.length() + 16).append(json, 0, i);
        }
        for (int k = i; k < i + n; k++) {
          out.append(String.format("\\u%04X", (int) json.charAt(k)));
        }
      } else if (out != null) {
        out.appendCodePoint(cp);
      }
      i += n;
    }
    return out == null ? json : out.toString();
  }

  /** True when {@link #escape} would change {@code text}. */
  public static boolean needsEscaping(String text) {
    return text != null && !escape(text).equals(text);
  }

  private static boolean unsafe(String text, int index, int cp) {
    if (Character.isSurrogate(text.charAt(index)) && Character.charCount(cp) == 1) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.UNASSIGNED,
          Character.PRIVATE_USE ->
          true;
      default -> false;
    };
  }
}
