package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Offsets are committed only past alerts every destination has. */
class OffsetTrackerTest {
  private static final TopicPartition TP = new TopicPartition("vigil.alerts.v1", 0);

  @Test
  void shouldCommitOnlyUpToTheFirstAlertADestinationStillLacks() {
    OffsetTracker t = new OffsetTracker();
    // offset 5 goes to two destinations, 6 to one
    t.add(TP, 5);
    t.add(TP, 5);
    t.add(TP, 6);

    t.done(TP, 6);
    t.done(TP, 5);
    assertThat(t.committable()).isEmpty();
    assertThat(t.waiting()).isEqualTo(1);

    t.done(TP, 5);
    assertThat(t.committable()).containsEntry(TP, new OffsetAndMetadata(7));
    assertThat(t.committable()).isEmpty();
  }

  @Test
  void shouldCommitPastAnAlertNoDestinationWanted() {
    OffsetTracker t = new OffsetTracker();
    t.add(TP, 9); // the dispatcher's guard, released once handed to nobody
    t.done(TP, 9);

    assertThat(t.committable()).containsEntry(TP, new OffsetAndMetadata(10));
  }

  @Test
  void shouldIgnoreDeliveriesOfARevokedPartition() {
    OffsetTracker t = new OffsetTracker();
    t.add(TP, 1);
    t.forget(List.of(TP));
    t.done(TP, 1);

    assertThat(t.committable()).isEmpty();
  }
}
