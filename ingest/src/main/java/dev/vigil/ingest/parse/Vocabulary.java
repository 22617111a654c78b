package dev.vigil.ingest.parse;

import java.util.regex.Pattern;

/**
 * Makes sensor-vocabulary words (event types, program names, log paths) safe to put into a
 * rejection or skip reason: a word is shown only if it looks like an identifier, so a reason can
 * never carry free text from the record.
 */
final class Vocabulary {

  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:/-]{1,48}");

  private Vocabulary() {}

  static String safe(String word) {
    if (word == null) {
      return "(none)";
    }
    return WORD.matcher(word).matches() ? word : "(not shown)";
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
