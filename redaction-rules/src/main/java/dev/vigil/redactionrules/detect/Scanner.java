package dev.vigil.redactionrules.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a fixed list of detectors over a string and resolves overlaps deterministically: spans are
 * ranked by priority (higher first), then length (longer first), then start (earlier first), and a
 * span is kept only if it overlaps no better-ranked kept span. Immutable and thread-safe.
 */
public final class Scanner {
  private static final Comparator<Span> RANK =
      Comparator.comparingInt(Span::priority)
          .reversed()
          .thenComparing(Comparator.comparingInt(Span::length).reversed())
          .thenComparingInt(Span::start);

  private final Detector[] detectors;

  public Scanner(List<Detector> detectors) {
    this.detectors = detectors.toArray(new Detector[0]);
  }

  /** Non-overlapping spans in {@code text}, sorted by start; empty if nothing was found. */
  public List<Span> scan(String text) {
    if (text.length() < 3) {
      return List.of();
    }
    TextProfile profile = new TextProfile().of(text);
    List<Span> found = null;
    for (Detector d : detectors) {
      if (d.mayMatch(profile)) {
        if (found == null) {
          found = new ArrayList<>(4);
        }
        d.find(text, found);
      }
    }
    if (found == null || found.isEmpty()) {
      return List.of();
    }
    if (found.size() == 1) {
      return found;
    }
    return resolve(found);
  }

  static List<Span> resolve(List<Span> found) {
    found.sort(RANK);
    List<Span> kept = new ArrayList<>(found.size());
    for (Span s : found) {
      boolean free = true;
      for (Span k : kept) {
        if (k.overlaps(s)) {
          free = false;
          break;
        }
      }
      if (free) {
        kept.add(s);
      }
    }
    kept.sort(Comparator.comparingInt(Span::start));
    return kept;
  }
}
