package dev.vigil.bench;

import java.util.Arrays;

/** Latency percentiles over recorded samples (ms). */
final class Percentiles {
  private long[] samples = new long[1024];
  private int size;

  synchronized void add(long ms) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = ms;
  }

  synchronized int count() {
    return size;
  }

  synchronized String summary() {
    if (size == 0) {
      return "no samples";
    }
    long[] s = Arrays.copyOf(samples, size);
    Arrays.sort(s);
    return String.format(
        "p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (%d samples)",
        at(s, 0.50), at(s, 0.95), at(s, 0.99), s[s.length - 1], s.length);
  }

  /** The {@code q} quantile (0..1), or -1 without samples. */
  synchronized long percentile(double q) {
    if (size == 0) {
      return -1;
    }
    long[] s = Arrays.copyOf(samples, size);
    Arrays.sort(s);
    return at(s, q);
  }

  /** p50/p95/p99/max (ms) and the sample count, for a JSON report. */
  synchronized java.util.Map<String, Object> toMap() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    long[] s = Arrays.copyOf(samples, size);
    Arrays.sort(s);
    m.put("p50_ms", size == 0 ? null : at(s, 0.50));
    m.put("p95_ms", size == 0 ? null : at(s, 0.95));
    m.put("p99_ms", size == 0 ? null : at(s, 0.99));
    m.put("max_ms", size == 0 ? null : s[size - 1]);
    m.put("samples", size);
    return m;
  }

  private static long at(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}
