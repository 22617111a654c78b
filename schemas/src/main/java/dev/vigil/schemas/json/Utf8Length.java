package dev.vigil.schemas.json;

/** UTF-8 length of a string without encoding it. */
final class Utf8Length {
  private Utf8Length() {}

  /** The UTF-8 length, or any value above {@code limit} as soon as the limit is exceeded. */
  static long of(CharSequence s, long limit) {
    if (s.length() > limit) {
      return s.length(); // every char takes at least one byte
    }
    long bytes = 0;
    for (int i = 0; i < s.length() && bytes <= limit; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
