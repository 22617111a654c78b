package dev.vigil.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one bench run, in the order they were measured, printed as one JSON document for
 * {@code --json} (so runs can be compared by a script); the human-readable lines go to the same
 * writer only without {@code --json}.
 */
final class BenchReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, Object> root = new LinkedHashMap<>();
  private final PrintWriter out;
  private final boolean json;

  BenchReport(String bench, PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
    root.put("bench", bench);
    root.put("started_at", java.time.Instant.now().toString());
    root.put("available_processors", Runtime.getRuntime().availableProcessors());
  }

  /** A top-level entry (a number, a string or a nested {@link #section}). */
  BenchReport put(String key, Object value) {
    root.put(key, value);
    return this;
  }

  /** A nested object under {@code key}, created on first use. */
  @SuppressWarnings("unchecked")
  Map<String, Object> section(String key) {
    return (Map<String, Object>)
        root.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
  }

  /**
   * A report that prints nothing: a phase of a larger bench reads its figures with {@link #get}.
   */
  static BenchReport quiet(String bench) {
    return new BenchReport(bench, new PrintWriter(java.io.Writer.nullWriter()), true);
  }

  /**
   * A figure by its path of keys (e.g. {@code "end_to_end", "redaction_events_per_s"}), as a
   * number.
   *
   * @throws IllegalStateException if the run did not record it
   */
  @SuppressWarnings("unchecked")
  double get(String... path) {
    Object node = root;
    for (String key : path) {
      node = node instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(key) : null;
    }
    if (!(node instanceof Number n)) {
      throw new IllegalStateException("the bench recorded no figure " + String.join(".", path));
    }
    return n.doubleValue();
  }

  /** A human-readable line, printed now unless the report is JSON. */
  void printf(String format, Object... args) {
    if (!json) {
      out.printf(format, args);
      out.flush();
    }
  }

  /** Ends the run: prints the JSON document when asked for. */
  void finish() {
    if (json) {
      try {
        out.println(JSON.writeValueAsString(root));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    out.flush();
  }

  /** Rounded for the document: figures are measurements, not exact values. */
  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
