package dev.vigil.streams.failover;

import static dev.vigil.streams.failover.Harness.DR;
import static dev.vigil.streams.failover.Harness.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.GatesConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When time alone can next change a service's state: what the tick's deadline index is fed. */
class DeadlinesTest {
  private final Harness h =
      new Harness(Harness.config(FailoverPolicy.defaults(), GatesConfig.defaults()));

  @Test
  void shouldOfferEveryConfiguredThresholdAsAnOffsetIncludingTheNegativeOnes() {
    // Given the default policy and gates
    long[] offsets = new Deadlines(h.engine.config()).offsets();
    // Then staleness, dwell, cooldown, evidence ages and the margins before an expiry are there
    assertThat(offsets)
        .contains(
            0L,
            Duration.ofSeconds(30).toMillis(),
            Duration.ofSeconds(60).toMillis(),
            Duration.ofMinutes(5).toMillis(),
            Duration.ofMinutes(15).toMillis(),
            Duration.ofMinutes(30).toMillis(),
            Duration.ofHours(6).toMillis(),
            -Duration.ofMinutes(15).toMillis(),
            -Duration.ofDays(7).toMillis())
        .isSorted();
  }

  @Test
  void shouldMakeAServiceDueOneMillisecondAfterItsVantagesGoStale() {
    // Given a service whose probes were last seen at T0
    h.send(h.probe(PRIMARY, "v1", CheckStatus.PASS));
    h.send(h.probe(DR, "v1", CheckStatus.PASS));
    long t0 = Harness.T0.toEpochMilli();
    // When asked after the 30 s dwell offset has passed
    long next = h.engine.nextDeadlineMs(h.state, t0 + 31_000);
    // Then it is due just after staleTimeout (60 s), when the tick sees the vantage as stale
    assertThat(next).isEqualTo(t0 + 60_001);
  }

  @Test
  void shouldHaveNoDeadlineOnceEveryThresholdOfItsStateHasPassed() {
    // Given a service that reported once at T0
    h.send(h.probe(PRIMARY, "v1", CheckStatus.PASS));
    long t0 = Harness.T0.toEpochMilli();
    // Then it has deadlines within the largest offset (backoff.resetAfter, 6 h) and none after
    assertThat(h.engine.nextDeadlineMs(h.state, t0 + Duration.ofHours(5).toMillis()))
        .isEqualTo(t0 + Duration.ofHours(6).toMillis() + 1);
    assertThat(h.engine.nextDeadlineMs(h.state, t0 + Duration.ofHours(6).toMillis() + 1))
        .isEqualTo(FailoverEngine.NO_DEADLINE);
  }

  @Test
  void shouldTickADueServiceToTheSameDecisionAsATickEverySecond() {
    // Given two copies of a healthy, gated service whose standby then falls silent
    Harness every = new Harness(Harness.config(FailoverPolicy.defaults()));
    Harness due = new Harness(Harness.config(FailoverPolicy.defaults()));
    for (Harness x : java.util.List.of(every, due)) {
      x.steady();
      x.silence(DR);
      x.heartbeats.put(DR, false);
    }
    // When one is ticked every second and the other only at its deadlines, for 20 minutes
    long end = every.now.plus(Duration.ofMinutes(20)).toEpochMilli();
    long nextDue = due.engine.nextDeadlineMs(due.state, due.now.toEpochMilli());
    int dueTicks = 0;
    while (every.now.toEpochMilli() < end) {
      every.now = every.now.plusSeconds(1);
      due.now = every.now;
      every.tick();
      if (nextDue <= due.now.toEpochMilli()) {
        due.tick();
        dueTicks++;
        nextDue = due.engine.nextDeadlineMs(due.state, due.now.toEpochMilli());
      }
    }
    // Then both emitted the same alerts and snapshots and hold the same state, with far fewer
    // ticks on the second
    assertThat(due.alerts).isNotEmpty().isEqualTo(every.alerts);
    assertThat(ServiceStateCodec.toJson(due.state))
        .isEqualTo(ServiceStateCodec.toJson(every.state));
    assertThat(dueTicks).isLessThan(60);
  }
}
