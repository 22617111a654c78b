package dev.vigil.streams.runtime;

import static dev.vigil.streams.runtime.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StreamsRunner}'s uncaught-exception handling on a real broker: a thread that dies once is
 * replaced and the app goes on processing (exactly once); a poison record exhausts the bound and
 * the client ends in ERROR.
 */
@ExtendWith(VigilPlatformExtension.class)
class StreamsRunnerIT {
  @TempDir Path stateDir;

  @Test
  void shouldReplaceAStreamThreadThatDiedOnceAndKeepProcessing(VigilPlatform platform) {
    // Given a copy app whose processor throws once, on record "r5"
    String in = platform.uniqueName("in");
    String out = platform.uniqueName("out");
    platform.createTopics(1, in, out);
    AtomicInteger failures = new AtomicInteger();
    try (StreamsRunner runner =
            TestApps.start(
                TestApps.copy(
                    in,
                    out,
                    v -> v.equals("r5") && failures.get() == 0 && failures.incrementAndGet() == 1),
                platform.uniqueName("vigil-test"),
                platform.bootstrapServers(),
                stateDir,
                new ThreadReplacementPolicy(3, Duration.ofMinutes(10)));
        KafkaProducer<String, byte[]> producer = platform.producer();
        KafkaConsumer<String, byte[]> consumer = platform.readCommittedConsumer(out)) {
      // When ten records arrive
      send(producer, in, 0, 10);

      // Then the thread that died is replaced, the app is RUNNING again, and every record is on
      // the output exactly once (the failed transaction was aborted and redone)
      List<String> copied = new ArrayList<>();
      await(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                copied.addAll(TestApps.poll(consumer));
                assertThat(copied).hasSize(10);
              });
      assertThat(failures).hasValue(1);
      assertThat(copied).containsExactlyInAnyOrderElementsOf(values(0, 10));
      await(Duration.ofSeconds(30))
          .until(() -> runner.status().state() == KafkaStreams.State.RUNNING);
      assertThat(runner.status().threadReplacements()).isEqualTo(1);

      // And it keeps processing what arrives later
      send(producer, in, 10, 15);
      await(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                copied.addAll(TestApps.poll(consumer));
                assertThat(copied).hasSize(15);
              });
      assertThat(copied).containsExactlyInAnyOrderElementsOf(values(0, 15));
      assertThat(runner.status().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  @Test
  void shouldShutTheClientDownInErrorWhenEveryRecordKillsTheThread(VigilPlatform platform) {
    // Given a copy app whose processor throws on every record, allowed 2 replacements
    String in = platform.uniqueName("in");
    String out = platform.uniqueName("out");
    platform.createTopics(1, in, out);
    AtomicInteger failures = new AtomicInteger();
    List<StreamsStatus> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (StreamsRunner runner =
            TestApps.start(
                TestApps.copy(in, out, v -> failures.incrementAndGet() > 0),
                platform.uniqueName("vigil-test"),
                platform.bootstrapServers(),
                stateDir,
                new ThreadReplacementPolicy(2, Duration.ofMinutes(10)));
        KafkaProducer<String, byte[]> producer = platform.producer()) {
      runner.onChange(reported::add);

      // When a poison record arrives
      send(producer, in, 0, 1);

      // Then the thread dies three times (two replacements) and the client ends in ERROR
      await(Duration.ofSeconds(120))
          .until(() -> runner.status().state() == KafkaStreams.State.ERROR);
      assertThat(failures).hasValue(3);
      assertThat(runner.status().threadReplacements()).isEqualTo(2);
      assertThat(runner.isRunning()).isFalse();
      // And the listeners heard the way down
      assertThat(reported)
          .extracting(StreamsStatus::state)
          .contains(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, int from, int to) {
    for (String v : values(from, to)) {
      producer.send(new ProducerRecord<>(topic, v, v.getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
  }

  private static List<String> values(int from, int to) {
    List<String> values = new ArrayList<>();
    for (int i = from; i < to; i++) {
      values.add("r" + i);
    }
    return values;
  }
}
