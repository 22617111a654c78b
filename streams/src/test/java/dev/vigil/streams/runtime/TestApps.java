package dev.vigil.streams.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Tiny topologies: a copy whose processor throws on the values a test chooses, a counter. */
final class TestApps {
  private TestApps() {}

  /** {@code in} → {@code out}, throwing on every value {@code fails} accepts. */
  static Topology copy(String in, String out, Predicate<String> fails) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()).withName("test-source"))
        .peek(
            (k, v) -> {
              if (fails.test(v)) {
                throw new IllegalStateException("planted failure");
              }
            },
            Named.as("test-maybe-fail"))
        .to(out, Produced.with(Serdes.String(), Serdes.String()).withName("test-sink"));
    return builder.build();
  }

  /** Counts the values per key of {@code in} in the persistent store {@code test-counts}. */
  static Topology count(String in, String out) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()).withName("test-source"))
        .groupByKey(Grouped.with("test-group", Serdes.String(), Serdes.String()))
        .count(
            Named.as("test-count"),
            Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("test-counts")
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.Long()))
        .toStream(Named.as("test-count-stream"))
        .mapValues(String::valueOf, Named.as("test-count-text"))
        .to(out, Produced.with(Serdes.String(), Serdes.String()).withName("test-sink"));
    return builder.build();
  }

  /**
   * Starts {@code topology} with one stream thread and the given replacement bound, connecting with
   * {@code client} (the test's topics are not the catalogue's: the platform's admin properties).
   */
  static StreamsRunner start(
      Topology topology,
      String applicationId,
      Map<String, Object> client,
      Path stateDir,
      ThreadReplacementPolicy policy) {
    Map<String, Object> overrides = new java.util.HashMap<>(policy.asOverrides());
    overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // A dead thread's consumer does not leave the group: its partitions move to the replacement
    // once its session times out (45 s by default); the broker's minimum keeps the test short.
    overrides.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6000);
    overrides.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1000);
    return StreamsRunner.start(
        topology,
        StreamsRunner.properties(applicationId, client, stateDir, overrides),
        Duration.ofSeconds(60));
  }

  /**
   * Awaitility that leaves uncaught exceptions alone: Kafka Streams rethrows a replaced thread's
   * exception after the handler ran, which is expected here.
   */
  static ConditionFactory await(Duration atMost) {
    return Awaitility.await().dontCatchUncaughtExceptions().atMost(atMost);
  }

  /** Polls once and returns the values read. */
  static List<String> poll(KafkaConsumer<String, byte[]> consumer) {
    List<String> values = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      values.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return values;
  }
}
