package dev.vigil.streams.runtime;

import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What a {@link StreamsRunner} reports: its Kafka Streams state, since when, and how many stream
 * threads it has replaced since it started.
 *
 * @param applicationId the Kafka Streams application id
 * @param state the client's state
 * @param since when it entered {@code state}
 * @param threadReplacements stream threads replaced after an uncaught exception
 */
public record StreamsStatus(
    String applicationId, KafkaStreams.State state, Instant since, int threadReplacements) {

  public StreamsStatus {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }

  /**
   * Ready = RUNNING or REBALANCING: a rebalance is part of normal life (a thread replaced, an
   * instance joining) and ends by itself. CREATED, PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR and
   * ERROR mean nothing is processed.
   */
  public boolean ready() {
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  /**
   * The state as a stable number for the {@code vigil.streams.state} gauge: CREATED 0, REBALANCING
   * 1, RUNNING 2, PENDING_SHUTDOWN 3, NOT_RUNNING 4, PENDING_ERROR 5, ERROR 6.
   */
  public int stateCode() {
    return switch (state) {
      case CREATED -> 0;
      case REBALANCING -> 1;
      case RUNNING -> 2;
      case PENDING_SHUTDOWN -> 3;
      case NOT_RUNNING -> 4;
      case PENDING_ERROR -> 5;
      case ERROR -> 6;
    };
  }
}
