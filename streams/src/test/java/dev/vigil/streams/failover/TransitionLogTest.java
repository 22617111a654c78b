package dev.vigil.streams.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bounded, newest-first log of a service's transitions and its stored layout. */
class TransitionLogTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  private static TransitionLogEntry entry(int n, Transition t) {
    return new TransitionLogEntry(
        T0.plusSeconds(n),
        t,
        t == Transition.SHIFT ? n : 0,
        10 * (n % 10),
        "inc-" + n,
        "primary",
        "dr",
        "reason " + n);
  }

  @Test
  void shouldListOneDecisionsTransitionsNewestFirst() {
    // Given one decision that blocked then prepared (oldest first, as the engine emits them)
    List<TransitionLogEntry> decided =
        List.of(entry(1, Transition.BLOCKED), entry(2, Transition.PREPARE));

    // When they are appended to an empty log, then a later SHIFT
    TransitionLog log =
        TransitionLog.EMPTY.appended(decided).appended(List.of(entry(3, Transition.SHIFT)));

    // Then the newest comes first
    assertThat(log.newestFirst())
        .extracting(TransitionLogEntry::label)
        .containsExactly("SHIFT 3", "PREPARE", "BLOCKED");
  }

  @Test
  void shouldKeepOnlyTheLatestTwentyTransitions() {
    // Given 25 transitions appended one decision at a time
    TransitionLog log = TransitionLog.EMPTY;
    for (int i = 1; i <= 25; i++) {
      log = log.appended(List.of(entry(i, Transition.HOLD)));
    }

    // Then the 20 latest are kept, the five oldest dropped
    assertThat(log.newestFirst()).hasSize(TransitionLog.MAX_ENTRIES);
    assertThat(log.newestFirst())
        .extracting(TransitionLogEntry::incidentId)
        .containsExactlyElementsOf(
            IntStream.iterate(25, i -> i - 1).limit(20).mapToObj(i -> "inc-" + i).toList());
  }

  @Test
  void shouldKeepTheNewestWhenOneDecisionBringsMoreThanTheBound() {
    List<TransitionLogEntry> many = new ArrayList<>();
    for (int i = 1; i <= 23; i++) {
      many.add(entry(i, Transition.HOLD_CLEARED));
    }

    TransitionLog log = TransitionLog.EMPTY.appended(many);

    assertThat(log.newestFirst()).hasSize(20);
    assertThat(log.newestFirst().get(0).incidentId()).isEqualTo("inc-23");
    assertThat(log.newestFirst().get(19).incidentId()).isEqualTo("inc-4");
  }

  @Test
  void shouldReadBackEveryFieldFromItsStoredBytes() {
    TransitionLog log =
        TransitionLog.EMPTY.appended(
            List.of(
                entry(1, Transition.PREPARE),
                entry(2, Transition.SHIFT),
                new TransitionLogEntry(
                    T0, Transition.ABORT, 0, 0, null, "primary", "dr", "<b>é 🚨</b>")));

    TransitionLog back = TransitionLog.fromBytes(log.toBytes());

    assertThat(back).isEqualTo(log);
    assertThat(back.newestFirst().get(0).reason()).isEqualTo("<b>é 🚨</b>");
    assertThat(back.newestFirst().get(0).incidentId()).isNull();
  }

  @Test
  void shouldRefuseBytesThatAreNotATransitionLog() {
    byte[] good = TransitionLog.EMPTY.appended(List.of(entry(1, Transition.HOLD))).toBytes();
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    byte[] wrongLayout = good.clone();
    wrongLayout[0] = 9;

    assertThatThrownBy(() -> TransitionLog.fromBytes(trailing))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransitionLog.fromBytes(wrongLayout))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransitionLog.fromBytes(Arrays.copyOf(good, good.length - 2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransitionLog.fromBytes(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldCutALongReasonWithoutSplittingACharacter() {
    String longReason = "x".repeat(TransitionLogEntry.MAX_REASON_CHARS - 2) + "🚨🚨🚨";

    TransitionLogEntry e =
        new TransitionLogEntry(T0, Transition.BLOCKED, 0, 0, "inc", "a", "b", longReason);

    assertThat(e.reason()).hasSizeLessThanOrEqualTo(TransitionLogEntry.MAX_REASON_CHARS);
    assertThat(e.reason()).endsWith("…").doesNotContain("\uFFFD");
    assertThat(Character.isHighSurrogate(e.reason().charAt(e.reason().length() - 2))).isFalse();
  }
}
