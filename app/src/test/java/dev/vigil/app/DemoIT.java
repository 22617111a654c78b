package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil demo} as a user runs it (child JVM, stdout not a terminal): the scripted failover
 * must reach COMPLETE through PREPARE, a HOLD on the INTRUSION gate and an operator waiver, and the
 * audit trail must verify, within a bound a loaded 2-core machine meets.
 */
class DemoIT {
  /**
   * About 50 s on an idle 2-core machine, 120 s with the load at 12 (the platform start takes most
   * of it); the demo's own --timeout is set below this so it reports its reason first.
   */
  private static final Duration BOUND = Duration.ofSeconds(300);

  @TempDir Path tmp;

  @Test
  void shouldRunTheScriptedFailoverToCompleteAndVerifyTheAudit() throws Exception {
    // Given a fresh data dir
    Path dataDir = tmp.resolve("D");

    // When vigil demo runs
    try (VigilProcess demo =
        VigilProcess.start(
            dataDir, "demo", "--fast", "--timeout", "270", "--data-dir", dataDir.toString())) {
      int exit = demo.awaitExit(BOUND);
      String out = demo.output();
      System.out.println(out);

      // Then it completes within the bound with exit 0
      assertThat(exit).as("exit code (-1 = still running after %s)", BOUND).isZero();
      assertThat(demo.sinceStart()).isLessThan(BOUND);
      // and shows each stage, the gate that held it with evidence, the waiver, the end, in order
      assertThat(out)
          .containsSubsequence(
              "FAIL  3/3 in a row",
              "TRIGGER  PREPARE",
              "event(s) that crossed the threshold",
              "TRIGGER  SHIFT 1",
              "signal   SURICATA HIGH on backup",
              "TRIGGER  HOLD",
              "next stage blocked by gate INTRUSION: 1 signal(s) at or above HIGH",
              "gate     INTRUSION     FAIL",
              "operator sent WAIVE INTRUSION",
              "command  WAIVE INTRUSION by oncall@demo (audited): applied: INTRUSION waived on backup",
              "resumed  target healthy and gated again",
              "TRIGGER  SHIFT 2",
              "INTRUSION     WAIVED waived by oncall@demo",
              "TRIGGER  SHIFT 3",
              "TRIGGER  COMPLETE  [##########] 100 %",
              "Summary",
              "blocked    ",
              "by gate INTRUSION",
              "waivers    ",
              "chain=failover records=",
              "audit verified",
              "vigil demo: COMPLETE and audit verified");
      assertThat(out).doesNotContain("BAD at index", "vigil demo: FAILED");
      // plain text when stdout is not a terminal; INFO logs went to the file, not the console
      assertThat(out).doesNotContain("\u001b[");
      assertThat(out).doesNotContainPattern("(?m)^\\S+ INFO ");
      assertThat(dataDir.resolve("demo").resolve("vigil.log")).isNotEmptyFile();
      assertThat(Files.readString(dataDir.resolve("demo").resolve("vigil.log")))
          .contains("component started");
    }
  }
}
