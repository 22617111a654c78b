package dev.vigil.app.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.TriggerStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillChecksTest {
  private static final long LOSS = 1_000_000_000L;
  private static final SiteLossDrill.Settings LOSE_PRIMARY =
      new SiteLossDrill.Settings(Location.PRIMARY, 1, Optional.empty(), 768);

  @TempDir Path tmp;

  @Test
  void shouldPassWhenTheIncidentCompletedOnceAndNothingAcknowledgedWasLost() throws Exception {
    // Given a drill that saw the whole plan once, every acknowledged event stored, a verified chain
    DrillChecks.Evidence e = evidence();

    // When the report is made
    DrillReport report = DrillChecks.report(LOSE_PRIMARY, e, Instant.EPOCH, 12.34);

    // Then every check holds and the numbers are those seen
    assertThat(report.checks()).allMatch(DrillReport.Check::passed);
    assertThat(report.passed()).isTrue();
    assertThat(report.acceptedBeforeLoss()).isEqualTo(2);
    assertThat(report.acceptedTotal()).isEqualTo(3);
    assertThat(report.lostBeforeLoss()).isZero();
    assertThat(report.takeoverMs()).isEqualTo(9_000L);
    assertThat(report.triggers())
        .extracting(DrillReport.Trigger::afterLossMs)
        .containsExactly(-500L, 10_000L, 15_000L, 20_000L);
    assertThat(report.durationS()).isEqualTo(12.3);
  }

  @Test
  void shouldFailWhenAStageIsIssuedTwice() {
    // Given a SHIFT 50 seen twice (a takeover that re-issued it)
    DrillChecks.Evidence e = evidence();
    e.triggers =
        List.of(
            seen("t1", TriggerStage.PREPARE, 0, -500),
            seen("t2", TriggerStage.SHIFT, 50, 10_000),
            seen("t2b", TriggerStage.SHIFT, 50, 11_000),
            seen("t3", TriggerStage.SHIFT, 100, 15_000),
            seen("t4", TriggerStage.COMPLETE, 100, 20_000));

    // Then the sequence check fails, and so does the drill
    DrillReport report = DrillChecks.report(LOSE_PRIMARY, e, Instant.EPOCH, 1);
    assertThat(failed(report)).containsExactly("triggers in the planned sequence, none missing");
    assertThat(report.passed()).isFalse();
  }

  @Test
  void shouldFailWhenAnEventAcknowledgedBeforeTheLossIsMissing() {
    // Given an event acknowledged before the loss that is not on the redacted topic
    DrillChecks.Evidence e = evidence();
    e.stored = Set.of("after");

    // Then both loss checks fail and the report counts it
    DrillReport report = DrillChecks.report(LOSE_PRIMARY, e, Instant.EPOCH, 1);
    assertThat(report.lostBeforeLoss()).isEqualTo(2);
    assertThat(report.lostTotal()).isEqualTo(2);
    assertThat(failed(report))
        .containsExactly(
            "no event accepted before the loss was lost", "no accepted event was lost");
  }

  @Test
  void shouldFailWhenTheLostSiteRanTheTaskAndNoTakeoverWasSeen() {
    DrillChecks.Evidence e = evidence();
    e.takeoverMs = null;

    assertThat(failed(DrillChecks.report(LOSE_PRIMARY, e, Instant.EPOCH, 1)))
        .containsExactly("the surviving instance took the task over");
  }

  @Test
  void shouldNotAskForATakeoverWhenTheWitnessIsLost() {
    DrillChecks.Evidence e = evidence();
    e.takeoverMs = null;
    SiteLossDrill.Settings witness =
        new SiteLossDrill.Settings(Location.WITNESS, 1, Optional.empty(), 768);

    assertThat(DrillChecks.report(witness, e, Instant.EPOCH, 1).passed()).isTrue();
  }

  @Test
  void shouldReportAFailedRunWithTheReasonAndFailEveryCheckItCouldNotMake() {
    // Given a drill that stopped before the loss
    DrillChecks.Evidence e = new DrillChecks.Evidence();
    e.failure = Optional.of("TimeoutException: no PREPARE");

    DrillReport report = DrillChecks.report(LOSE_PRIMARY, e, Instant.EPOCH, 1);
    assertThat(report.passed()).isFalse();
    assertThat(report.checks().get(0).detail()).isEqualTo("TimeoutException: no PREPARE");
    assertThat(failed(report)).contains("drill ran to the end", "audit chain verified");
  }

  @Test
  void shouldWriteTheReportAsSnakeCaseJson() throws Exception {
    DrillReport report = DrillChecks.report(LOSE_PRIMARY, evidence(), Instant.EPOCH, 1);
    Path file = tmp.resolve("r/report.json");

    report.write(file);

    String json = Files.readString(file);
    assertThat(json)
        .contains("\"lost\" : \"PRIMARY\"")
        .contains("\"takeover_ms\" : 9000")
        .contains("\"lost_before_loss\" : 0")
        .contains("\"trigger_id\" : \"t2\"")
        .contains("\"passed\" : true");
  }

  private static List<String> failed(DrillReport report) {
    return report.checks().stream().filter(c -> !c.passed()).map(DrillReport.Check::name).toList();
  }

  private static DrillChecks.Evidence evidence() {
    DrillChecks.Evidence e = new DrillChecks.Evidence();
    e.service = "payments";
    e.taskSite = Location.PRIMARY;
    e.lossAt = Instant.parse("2026-01-01T00:00:00Z");
    e.lossNanos = LOSS;
    e.takeoverMs = 9_000L;
    e.firstDecisionMs = 10_000L;
    e.triggers =
        List.of(
            seen("t1", TriggerStage.PREPARE, 0, -500),
            seen("t2", TriggerStage.SHIFT, 50, 10_000),
            seen("t3", TriggerStage.SHIFT, 100, 15_000),
            seen("t4", TriggerStage.COMPLETE, 100, 20_000));
    e.acknowledged = Map.of("a", LOSS - 2, "b", LOSS - 1, "after", LOSS + 1);
    e.stored = Set.of("a", "b", "after", "not-tracked");
    e.auditVerified = true;
    e.auditDetail = "verifies";
    return e;
  }

  private static DrillWatch.Seen seen(String id, TriggerStage stage, int percent, long afterMs) {
    FailoverTrigger t =
        FailoverTrigger.newBuilder()
            .setTriggerId(id)
            .setIncidentId("inc-1")
            .setService("payments")
            .setFromSite("primary")
            .setToSite("dr")
            .setStage(stage)
            .setStep(0)
            .setTrafficPercent(percent)
            .setGates(List.of())
            .setReason("")
            .setIssuedAt(Instant.EPOCH)
            .setValidUntil(Instant.EPOCH)
            .setConfigVersion("cfg-0")
            .setEvidenceEventIds(List.of())
            .build();
    return new DrillWatch.Seen(t, LOSS + afterMs * 1_000_000);
  }
}
