package dev.vigil.streams.runtime;

import static dev.vigil.streams.runtime.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
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
                platform.clientProperties(),
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
                platform.clientProperties(),
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

  @Test
  void shouldWipeALocalStoreThatCannotBeOpenedAndRestoreItFromTheChangelog(VigilPlatform platform)
      throws Exception {
    // Given a counting app that counted "a" twice and stopped
    String in = platform.uniqueName("in");
    String out = platform.uniqueName("out");
    String appId = platform.uniqueName("vigil-test");
    platform.createTopics(1, in, out);
    ThreadReplacementPolicy policy = new ThreadReplacementPolicy(3, Duration.ofMinutes(10));
    try (KafkaProducer<String, byte[]> producer = platform.producer();
        KafkaConsumer<String, byte[]> consumer = platform.readCommittedConsumer(out)) {
      try (StreamsRunner first =
          TestApps.start(
              TestApps.count(in, out), appId, platform.clientProperties(), stateDir, policy)) {
        sendKeyed(producer, in, "a", 2);
        List<String> counts = new ArrayList<>();
        await(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  counts.addAll(TestApps.poll(consumer));
                  assertThat(counts).contains("2");
                });
      }
      // And its RocksDB store was left as a kill while creating it leaves it: a WAL file, no
      // CURRENT or MANIFEST
      Path store = stateDir.resolve(appId).resolve("0_0").resolve("rocksdb").resolve("test-counts");
      assertThat(store).isDirectory();
      try (Stream<Path> files = Files.list(store)) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          if (name.equals("CURRENT") || name.startsWith("MANIFEST")) {
            Files.delete(f);
          }
        }
      }
      Files.writeString(store.resolve("000099.log"), "");

      // When the app starts again on that state directory
      try (StreamsRunner second =
          TestApps.start(
              TestApps.count(in, out), appId, platform.clientProperties(), stateDir, policy)) {
        // Then it runs, with the count restored from the changelog
        assertThat(second.isRunning()).isTrue();
        sendKeyed(producer, in, "a", 1);
        List<String> counts = new ArrayList<>();
        await(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  counts.addAll(TestApps.poll(consumer));
                  assertThat(counts).contains("3");
                });
      }
    }
  }

  private static void sendKeyed(
      KafkaProducer<String, byte[]> producer, String topic, String key, int times) {
    for (int i = 0; i < times; i++) {
      producer.send(new ProducerRecord<>(topic, key, key.getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
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
