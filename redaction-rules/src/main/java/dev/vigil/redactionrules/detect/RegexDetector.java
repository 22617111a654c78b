package dev.vigil.redactionrules.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.function.Predicate;

/**
 * A detector made of an RE2/J pattern (linear time, no backtracking), the capture group that is the
 * sensitive part (the first group that participated, among {@code groups}), and an optional
 * validation of each candidate.
 */
class RegexDetector implements Detector {
  /** Validates one candidate; {@code start}/{@code end} are the span inside {@code text}. */
  interface Check {
    boolean accept(String text, int start, int end);
  }

  private final String type;
  private final int priority;
  private final Pattern pattern;
  private final int[] groups;
  private final Predicate<TextProfile> prefilter;
  private final Check check;
  private final Predicate<String> textFilter;
  private Windows windows;

  /**
   * Finds, in plain code, regions that contain every match of the pattern whole (e.g. the maximal
   * runs of the characters the pattern can match), so the pattern runs on small windows instead of
   * the whole text. Each window is its region plus one character on each side, the context a {@code
   * \b} at either end of a match looks at; windows are matched independently, so the spans are
   * exactly those of the pattern on the whole text.
   */
  interface Windows {
    /** Calls {@code sink} with {@code [start, end)} of each candidate region, in order. */
    void regions(String text, Runs.Sink sink);
  }

  /** Runs the pattern only on the regions of {@code w}, each with one character of context. */
  RegexDetector windowed(Windows w) {
    this.windows = w;
    return this;
  }

  RegexDetector(
      String type,
      int priority,
      Pattern pattern,
      int[] groups,
      Predicate<TextProfile> prefilter,
      Check check) {
    this(type, priority, pattern, groups, prefilter, t -> true, check);
  }

  /** {@code textFilter}: a cheap literal test run before the pattern (keywords, prefixes). */
  RegexDetector(
      String type,
      int priority,
      Pattern pattern,
      int[] groups,
      Predicate<TextProfile> prefilter,
      Predicate<String> textFilter,
      Check check) {
    this.textFilter = textFilter;
    this.type = type;
    this.priority = priority;
    this.pattern = pattern;
    this.groups = groups.clone();
    this.prefilter = prefilter;
    this.check = check;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public boolean mayMatch(TextProfile profile) {
    return prefilter.test(profile);
  }

  @Override
  public void find(String text, List<Span> out) {
    if (!textFilter.test(text)) {
      return;
    }
    if (windows != null) {
      int n = text.length();
      windows.regions(
          text, (rs, re) -> findIn(text, Math.max(0, rs - 1), Math.min(n, re + 1), out));
      return;
    }
    findIn(text, 0, text.length(), out);
  }

  /** The pattern on the whole text, without windows or text filter: the reference for tests. */
  void findWhole(String text, List<Span> out) {
    findIn(text, 0, text.length(), out);
  }

  private void findIn(String text, int from, int to, List<Span> out) {
    String window = from == 0 && to == text.length() ? text : text.substring(from, to);
    Matcher m = pattern.matcher(window);
    while (m.find()) {
      for (int g : groups) {
        int s = m.start(g);
        int e = m.end(g);
        if (s >= 0 && e > s) {
          s += from;
          e += from;
          if (check.accept(text, s, e)) {
            out.add(new Span(s, e, type, priority));
          }
          break;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Detector[" + type + "]";
  }
}
