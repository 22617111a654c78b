package dev.vigil.redactionrules.detect;

import java.util.Set;

/**
 * Words that say a number nearby is a phone number ("call me at", "Mobile:", {@code phone=}, {@code
 * tel:}). A compact digit string without separators or {@code +} is the weakest evidence a phone
 * number can give, and logs are full of such counters and ids that happen to be valid national
 * numbers ({@code 2147483647} is a valid Dallas number), so one is only taken as a phone number
 * with such a word close by, as Presidio's context words do.
 */
final class PhoneCues {
  /** Characters looked at before the number and after it. */
  static final int BEFORE = 48;

  static final int AFTER = 24;

  private static final Set<String> WORDS =
      Set.of(
          "phone",
          "phones",
          "tel",
          "telephone",
          "mobile",
          "mob",
          "cell",
          "cellphone",
          "fax",
          "call",
          "calls",
          "called",
          "calling",
          "caller",
          "callee",
          "contact",
          "sms",
          "whatsapp",
          "msisdn",
          "dial",
          "reach",
          "hotline",
          "tfn",
          "ph",
          // weaker words, taken for recall: a counter next to "number" is masked rather than a
          // phone number next to "my number is" leaked (fail closed)
          "number",
          "text",
          "texted",
          "landline",
          "voicemail",
          "ring",
          "sip");

  private PhoneCues() {}

  /** Whether a cue word (letters only, ASCII case ignored) is within reach of {@code [s, e)}. */
  static boolean near(String t, int s, int e) {
    return any(t, Math.max(0, s - BEFORE), s) || any(t, e, Math.min(t.length(), e + AFTER));
  }

  private static boolean any(String t, int from, int to) {
    int i = from;
    while (i < to) {
      if (!letter(t.charAt(i))) {
        i++;
        continue;
      }
      int w = i;
      while (i < to && letter(t.charAt(i))) {
        i++;
      }
      // a word cut by the window edge is not a word
      boolean whole =
          (w == 0 || !letter(t.charAt(w - 1))) && (i == t.length() || !letter(t.charAt(i)));
      if (whole && i - w <= 11 && cue(t.substring(w, i).toLowerCase(java.util.Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static boolean cue(String word) {
    return WORDS.contains(word)
        || word.startsWith("phone") // phonenumber, phoneNo
        || word.endsWith("phone"); // smartphone, homephone
  }

  private static boolean letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
