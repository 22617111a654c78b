package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code vigil bench scale-out} small: a secured three-broker cluster, a backlog of health
 * events, two redactor instances in their own JVMs under one application id. Both must get input
 * partitions and the redacted topic must hold every event exactly once (read_committed, by event
 * id).
 */
class ScaleOutIT {
  @TempDir Path tmp;

  @Test
  void shouldSpreadTheBacklogOverTwoRedactorInstancesAndRedactEveryEventOnce() throws Exception {
    // Given 2,000 health events on six partitions and two redactor instances
    StringWriter console = new StringWriter();
    BenchReport report = new BenchReport("scale-out", new PrintWriter(console, true), false);
    ScaleOutBench bench =
        new ScaleOutBench(
            report,
            new ScaleOutBench.Options(
                List.of(ScaleOutBench.REDACTOR), List.of(2), 2000, 6, 20, 1, 384));

    // When the bench drains the backlog
    bench.run(tmp);
    System.out.println(console);

    // Then the cluster was the secured one `vigil platform --brokers 3` starts by default
    assertThat(console.toString()).contains("racks primary/backup/witness, SASL_SSL)");
    // And both instances held input partitions, all six between them
    assertThat(bench.results()).hasSize(1);
    ScaleOutBench.Result r = bench.results().get(0);
    assertThat(r.instances()).isEqualTo(2);
    assertThat(r.partitionsPerInstance()).as(console.toString()).hasSize(2);
    assertThat(r.partitionsPerInstance().values()).allSatisfy(n -> assertThat(n).isPositive());
    assertThat(r.partitionsPerInstance().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(6);
    // And every event arrived on the redacted topic exactly once
    assertThat(r.outputRecords()).isEqualTo(2000);
    assertThat(r.distinctOutputEvents()).isEqualTo(2000);
    assertThat(r.eventsPerSecond()).isPositive();
  }
}
