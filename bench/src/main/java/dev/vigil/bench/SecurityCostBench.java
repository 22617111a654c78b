package dev.vigil.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;

/**
 * The cost of Vigil's default security (TLS listeners, SASL/SCRAM-SHA-512, ACLs) on the redaction
 * pipeline and on HTTP ingest, in one process: per round, the redaction bench (end to end, without
 * its engine-only phase) and the ingest bench once on a plaintext and once on a secured throw-away
 * platform, the order alternating between rounds so that a drifting machine load does not favour
 * one side. Printed: every figure per round and side, and the ratio secured ÷ plaintext per round
 * and its median (below 1 = security costs throughput; above 1 for a latency = it costs time).
 */
final class SecurityCostBench {
  /**
   * @param redactionEvents backlog of the redaction phase
   * @param ingestEvents events per phase of the ingest bench
   * @param rounds plaintext + secured pairs
   * @param pacedSeconds the redaction bench's paced phase (latency at 2,000 events/s)
   */
  record Options(int redactionEvents, int ingestEvents, int rounds, int pacedSeconds) {}

  /** One compared figure: where the benches record it, and whether higher is better. */
  private record Figure(String name, String bench, boolean throughput, String... path) {}

  private static final List<Figure> FIGURES =
      List.of(
          new Figure(
              "redaction end to end, events/s",
              "redaction",
              true,
              "end_to_end",
              "redaction_events_per_s"),
          new Figure(
              "pass-through end to end, events/s",
              "redaction",
              true,
              "end_to_end",
              "pass_through_events_per_s"),
          new Figure(
              "redaction paced p99, ms",
              "redaction",
              false,
              "redaction",
              "paced_latency",
              "p99_ms"),
          new Figure("raw producer, events/s", "ingest", true, "raw_producer", "events_per_s"),
          new Figure(
              "HTTP ingest (fsync per batch), events/s",
              "ingest",
              true,
              "http_per_batch",
              "events_per_s"),
          new Figure(
              "HTTP ingest (page cache), events/s",
              "ingest",
              true,
              "http_os_cache",
              "events_per_s"));

  private final BenchReport report;
  private final Options options;

  SecurityCostBench(BenchReport report, Options options) {
    this.report = report;
    this.options = options;
  }

  void run() throws Exception {
    report.put("redaction_events", options.redactionEvents());
    report.put("ingest_events", options.ingestEvents());
    report.put("rounds", options.rounds());
    // figure name -> per round [plaintext, secured]
    Map<String, List<double[]>> values = new LinkedHashMap<>();
    FIGURES.forEach(f -> values.put(f.name(), new ArrayList<>()));
    List<Map<String, Object>> rounds = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      boolean securedFirst = round % 2 == 0;
      Map<Boolean, Map<String, BenchReport>> sides = new LinkedHashMap<>();
      for (boolean secured :
          securedFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
        report.printf("round %d: %s platform...%n", round, secured ? "secured" : "plaintext");
        sides.put(secured, runSide(secured));
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("round", round);
      r.put("order", securedFirst ? "secured, plaintext" : "plaintext, secured");
      for (Figure f : FIGURES) {
        double plain = sides.get(false).get(f.bench()).get(f.path());
        double secure = sides.get(true).get(f.bench()).get(f.path());
        values.get(f.name()).add(new double[] {plain, secure});
        Map<String, Object> fig = new LinkedHashMap<>();
        fig.put("plaintext", plain);
        fig.put("secured", secure);
        fig.put("ratio_secured_to_plaintext", BenchReport.round(secure / plain, 3));
        r.put(f.name(), fig);
      }
      rounds.add(r);
    }
    report.put("runs", rounds);
    Map<String, Object> medians = report.section("median_ratio_secured_to_plaintext");
    report.printf("%n%-42s %s%n", "figure", "plaintext / secured per round -> ratio (median)");
    for (Figure f : FIGURES) {
      List<double[]> v = values.get(f.name());
      double[] ratios = v.stream().mapToDouble(x -> x[1] / x[0]).sorted().toArray();
      double median = ratios[ratios.length / 2];
      if (ratios.length % 2 == 0) {
        median = (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
      }
      medians.put(f.name(), BenchReport.round(median, 3));
      StringBuilder line = new StringBuilder();
      for (double[] x : v) {
        line.append(String.format("%,.0f / %,.0f (%.2f)  ", x[0], x[1], x[1] / x[0]));
      }
      report.printf("%-42s %s-> median %.2f%n", f.name(), line, median);
    }
    report.printf(
        "(ratio = secured / plaintext; below 1 for events/s and above 1 for latency is the cost)%n");
  }

  /** Both benches on one throw-away platform each, secured or plaintext. */
  private Map<String, BenchReport> runSide(boolean secured) throws Exception {
    Map<String, BenchReport> out = new LinkedHashMap<>();
    BenchReport redaction = BenchReport.quiet("redaction");
    Path dir = BenchCommand.Output.tempDir();
    try {
      new RedactionBench(
              redaction, options.redactionEvents(), 2000, options.pacedSeconds(), 2, !secured)
          .withoutEngine()
          .run(dir);
    } finally {
      FileUtils.deleteDirectory(dir.toFile());
    }
    out.put("redaction", redaction);
    BenchReport ingest = BenchReport.quiet("ingest");
    dir = BenchCommand.Output.tempDir();
    try {
      new IngestBench(ingest, new IngestBench.Options(options.ingestEvents(), 500, 4, !secured))
          .run(dir);
    } finally {
      FileUtils.deleteDirectory(dir.toFile());
    }
    out.put("ingest", ingest);
    return out;
  }
}
