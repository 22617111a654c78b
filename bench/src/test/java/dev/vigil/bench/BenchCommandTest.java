package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code vigil bench} is found by the {@code vigil} command when this module is on the path. */
class BenchCommandTest {
  @Test
  void shouldDescribeTheFailoverBenchAndItsKnobs() {
    StringWriter out = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter()),
            "bench",
            "failover",
            "--help");
    assertThat(code).isZero();
    assertThat(out.toString())
        .startsWith("Usage: vigil bench failover")
        .contains("--rate", "--services", "--incidents", "--redactor", "--fetch-max-wait-ms");
  }

  @Test
  void shouldDescribeTheIngestBenchAndOfferJsonOnEveryBench() {
    for (String bench : new String[] {"ingest", "redaction", "failover", "scale-out"}) {
      StringWriter out = new StringWriter();
      int code =
          Main.execute(
              new PrintWriter(out, true),
              new PrintWriter(new StringWriter()),
              "bench",
              bench,
              "--help");
      assertThat(code).isZero();
      assertThat(out.toString()).startsWith("Usage: vigil bench " + bench).contains("--json");
    }
    StringWriter out = new StringWriter();
    Main.execute(
        new PrintWriter(out, true), new PrintWriter(new StringWriter()), "bench", "ingest", "-h");
    assertThat(out.toString()).contains("--events", "--batch", "--clients");
  }

  @Test
  void shouldDescribeTheScaleOutBenchAndItsKnobs() {
    StringWriter out = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter()),
            "bench",
            "scale-out",
            "--help");
    assertThat(code).isZero();
    assertThat(out.toString())
        .startsWith("Usage: vigil bench scale-out")
        .contains("--component", "--instances", "--events", "--partitions");
  }
}
