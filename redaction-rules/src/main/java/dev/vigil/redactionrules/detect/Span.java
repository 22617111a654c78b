package dev.vigil.redactionrules.detect;

/**
 * A detected piece of text: {@code [start, end)} in UTF-16 indices of the scanned string, the
 * detector type (e.g. {@code email}) and its priority (higher wins an overlap).
 */
public record Span(int start, int end, String type, int priority) {
  public Span {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("empty or negative span");
    }
  }

  public int length() {
    return end - start;
  }

  boolean overlaps(Span other) {
    return start < other.end && other.start < end;
  }
}
