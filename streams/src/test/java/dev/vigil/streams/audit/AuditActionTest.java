package dev.vigil.streams.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.streams.failover.Transition;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AuditActionTest {

  @Test
  void everyActionIsReadBackFromItsWireName() {
    for (AuditAction a : AuditAction.values()) {
      assertThat(AuditAction.of(a.wire())).contains(a);
      assertThat(a.is(a.wire())).isTrue();
    }
  }

  @Test
  void wireNamesAreTheOnesExistingAuditTrailsCarry() {
    assertThat(Arrays.stream(AuditAction.values()).map(AuditAction::wire))
        .contains("trigger", "transition", "command", "incident.open", "incident.close")
        .contains("waiver.expired", "site.health", "rules.published", "rules.rejected")
        .doesNotHaveDuplicates();
  }

  @Test
  void anUnknownOrMissingActionIsEmptyRatherThanAGuess() {
    assertThat(AuditAction.of("Command")).isEmpty();
    assertThat(AuditAction.of("rules")).isEmpty();
    assertThat(AuditAction.of(null)).isEmpty();
  }

  @Test
  void aShiftTransitionCarriesItsStepInTheSameTextAsBefore() {
    assertThat(Transition.SHIFT.label(2)).isEqualTo("SHIFT 2");
    assertThat(Transition.HOLD.label(2)).isEqualTo("HOLD");
    assertThat(Transition.of("SHIFT 2")).contains(Transition.SHIFT);
    assertThat(Transition.of("HOLD_CLEARED")).contains(Transition.HOLD_CLEARED);
    assertThat(Transition.of("STEADY")).isEmpty();
  }
}
