package dev.vigil.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.TriggerStage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NarratorTest {
  private static final String SIGNAL = "1bbf67ea-0c4e-5d7a-9f1e-3a2b4c5d6e7f";

  private final StringWriter out = new StringWriter();
  private final Narrator narrator =
      new Narrator(new Console(new PrintWriter(out, true), false, System.nanoTime()));

  @Test
  void shouldNameTheGateAndItsEvidenceWhenAStageIsHeld() {
    // Given a HOLD trigger whose INTRUSION gate fails on one signal
    FailoverTrigger hold =
        trigger(TriggerStage.HOLD, 1, 10, gate(GateName.INTRUSION, false, false));

    // When
    narrator.on(hold);

    // Then one line names stage, traffic, sites and incident; the next names gate and evidence
    assertThat(out.toString())
        .contains("TRIGGER  HOLD      [#.........]  10 %  primary -> backup  inc-78b3263c")
        .contains(
            "next stage blocked by gate INTRUSION: 1 signal(s) at or above HIGH, evidence 1bbf67ea")
        .contains("gate     INTRUSION     FAIL")
        .doesNotContain("\u001b[")
        .doesNotContain(SIGNAL); // shortened for the eye
  }

  @Test
  void shouldShowAWaivedGateAsWaivedNotAsPassed() {
    narrator.on(trigger(TriggerStage.SHIFT, 2, 50, gate(GateName.INTRUSION, true, true)));

    assertThat(out.toString())
        .contains("TRIGGER  SHIFT 2   [#####.....]  50 %")
        .contains("INTRUSION     WAIVED");
  }

  @Test
  void shouldShortenIdsButKeepTheirKind() {
    assertThat(Console.id(SIGNAL)).isEqualTo("1bbf67ea");
    assertThat(Console.id("inc-78b3263cb3f5f75bfa20ce8b925f6bbc")).isEqualTo("inc-78b3263c");
    assertThat(Console.id("cmd-x")).isEqualTo("cmd-x");
    assertThat(Console.bar(0)).isEqualTo("[..........]");
    assertThat(Console.bar(100)).isEqualTo("[##########]");
  }

  private static GateResult gate(GateName name, boolean passed, boolean waived) {
    return GateResult.newBuilder()
        .setGate(name)
        .setPassed(passed)
        .setWaived(waived)
        .setReason(
            (waived ? "waived by oncall until later; failing: " : "")
                + "1 signal(s) at or above HIGH")
        .setEvidenceEventIds(List.of(SIGNAL))
        .build();
  }

  private static FailoverTrigger trigger(TriggerStage stage, int step, int percent, GateResult g) {
    return FailoverTrigger.newBuilder()
        .setTriggerId("trg-a8d33fee00000000000000000000000")
        .setIncidentId("inc-78b3263cb3f5f75bfa20ce8b925f6bbc")
        .setService("payments")
        .setFromSite("primary")
        .setToSite("backup")
        .setStage(stage)
        .setStep(step)
        .setTrafficPercent(percent)
        .setGates(List.of(g))
        .setReason("gates fail: INTRUSION")
        .setIssuedAt(Instant.EPOCH)
        .setValidUntil(Instant.EPOCH)
        .setConfigVersion("cfg-0")
        .setEvidenceEventIds(List.of())
        .build();
  }
}
