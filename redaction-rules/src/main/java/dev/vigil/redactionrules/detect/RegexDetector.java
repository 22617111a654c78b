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
   * Finds the regions worth matching (e.g. digit runs) in plain code, so the pattern runs on small
   * windows instead of the whole text.
   */
  interface Windows {
    /** Calls {@code sink} with {@code [start, end)} of each candidate region, in order. */
    void regions(String text, java.util.function.BiConsumer<Integer, Integer> sink);
  }

  /** Runs the pattern only on candidate regions, widened by {@code before}/{@code after} chars. */
  RegexDetector windowed(Windows w, int before, int after) {
    this.windows = w;
    this.before = before;
    this.after = after;
    return this;
  }

  private int before;
  private int after;

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
      int[] done = {0};
      windows.regions(
          text,
          (rs, re) -> {
            int ws = Math.max(done[0], rs - before);
            int we = Math.min(text.length(), re + after);
            if (we > ws) {
              findIn(text, ws, we, out);
              done[0] = we;
            }
          });
      return;
    }
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
