package dev.vigil.streams.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandVerdictTest {
  @Test
  void theVerdictKeyShouldDecideOverTheOutcomeText() {
    assertThat(CommandVerdict.of(Map.of("verdict", "PENDING", "outcome", "applied: x")))
        .contains(CommandVerdict.PENDING);
  }

  @Test
  void recordsWrittenBeforeTheVerdictKeyShouldBeReadFromTheOutcomePrefix() {
    assertThat(CommandVerdict.of(Map.of("outcome", "ignored: no incident open")))
        .contains(CommandVerdict.IGNORED);
    assertThat(CommandVerdict.of(Map.of("outcome", "rejected: no gate")))
        .contains(CommandVerdict.REJECTED);
  }

  @Test
  void anUnknownOrMissingVerdictShouldBeEmptyNotApplied() {
    assertThat(CommandVerdict.of(Map.of("verdict", "MAYBE"))).isEmpty();
    assertThat(CommandVerdict.of(Map.of("outcome", "appliedish"))).isEmpty();
    assertThat(CommandVerdict.of(Map.of())).isEmpty();
  }

  @Test
  void theOutcomeTextShouldStartWithTheVerdictsLabel() {
    assertThat(CommandOutcome.applied("failback F-1 opened").text())
        .isEqualTo("applied: failback F-1 opened");
    assertThat(CommandOutcome.pending("FORCE needs a second operator").text())
        .startsWith("pending: ");
  }
}
