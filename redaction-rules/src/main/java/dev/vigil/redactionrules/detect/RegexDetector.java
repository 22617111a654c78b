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

  RegexDetector(
      String type,
      int priority,
      Pattern pattern,
      int[] groups,
      Predicate<TextProfile> prefilter,
      Check check) {
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
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      for (int g : groups) {
        int s = m.start(g);
        int e = m.end(g);
        if (s >= 0 && e > s) {
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
