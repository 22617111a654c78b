package dev.vigil.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.testkit.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTailerTest {

  @TempDir Path dir;

  private final List<Record> received = Collections.synchronizedList(new ArrayList<>());

  private Path log() {
    return dir.resolve("eve.log");
  }

  private FileTailer tailer(Framer framer) {
    return tailer(TailerConfig.of(log()), framer);
  }

  private FileTailer tailer(TailerConfig config, Framer framer) {
    return new FileTailer(
        config,
        framer,
        FileCheckpoint.forTailedFile(dir.resolve("checkpoints"), log()),
        received::addAll);
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static String lines(String prefix, int from, int to) {
    StringBuilder sb = new StringBuilder();
    IntStream.range(from, to).forEach(i -> sb.append(prefix).append(i).append('\n'));
    return sb.toString();
  }

  private List<String> texts() {
    return received.stream().map(Record::text).toList();
  }

  @Test
  void shouldReadCompleteLinesAndHoldAPartialLastLineUntilItsNewline() throws IOException {
    // Given
    append(log(), "one\r\ntwo\nthr");
    try (FileTailer t = tailer(new LineFramer())) {
      // When
      assertThat(t.poll()).isEqualTo(2);
      // Then: CR stripped, partial line held
      assertThat(texts()).containsExactly("one", "two");
      assertThat(received.get(1).offset()).isEqualTo(5);
      assertThat(received.get(1).endOffset()).isEqualTo(9);

      append(log(), "ee\n\nfour\n");
      assertThat(t.poll()).isEqualTo(2);
      assertThat(texts()).containsExactly("one", "two", "three", "four");
      assertThat(received.get(2).offset()).isEqualTo(9);
      assertThat(t.poll()).isZero();
    }
  }

  @Test
  void shouldFinishTheRotatedFileThenFollowTheNewOneWithoutLossOrDuplicates() throws IOException {
    // Given a tailer that has read 10 lines
    append(log(), lines("a", 0, 10));
    try (FileTailer t = tailer(new LineFramer())) {
      t.poll();
      String oldKey = received.get(0).fileKey();

      // When the writer appends, the file is renamed, the old writer adds a partial last line,
      // and a new file with the same name is created
      append(log(), lines("a", 10, 15));
      Path rotated = dir.resolve("eve.log.1");
      Files.move(log(), rotated);
      append(rotated, "a15-no-newline");
      append(log(), lines("b", 0, 3));
      t.poll();

      // Then
      List<String> expected = new ArrayList<>();
      IntStream.range(0, 15).forEach(i -> expected.add("a" + i));
      expected.add("a15-no-newline");
      IntStream.range(0, 3).forEach(i -> expected.add("b" + i));
      assertThat(texts()).containsExactlyElementsOf(expected);
      assertThat(received.get(15).fileKey()).isEqualTo(oldKey);
      assertThat(received.get(16).fileKey()).isNotEqualTo(oldKey);
      assertThat(received.get(16).offset()).isZero();

      // and the new file keeps being followed
      append(log(), "b3\n");
      t.poll();
      assertThat(texts()).endsWith("b2", "b3");
    }
  }

  @Test
  void shouldRestartFromZeroWhenTheFileIsTruncated() throws IOException {
    append(log(), lines("x", 0, 5));
    try (FileTailer t = tailer(new LineFramer())) {
      t.poll();
      // When copytruncate empties the file and the writer continues
      Files.writeString(
          log(), "y0\ny1\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      t.poll();
      // Then
      assertThat(texts()).containsExactly("x0", "x1", "x2", "x3", "x4", "y0", "y1");
      assertThat(received.get(5).offset()).isZero();
    }
  }

  @Test
  void shouldResumeFromTheCheckpointAfterRestartWithNoLossAndNoDuplicates() throws IOException {
    // Given 1000 lines read by a first tailer that then stops
    append(log(), lines("line-", 0, 1000));
    try (FileTailer first = tailer(new LineFramer())) {
      first.poll();
    }
    assertThat(received).hasSize(1000);

    // When 500 more lines (one of them partial at the moment) arrive while it is down
    append(log(), lines("line-", 1000, 1499) + "line-14");
    try (FileTailer second = tailer(new LineFramer())) {
      second.poll();
      append(log(), "99\n");
      second.poll();
    }

    // Then every line exactly once, in order
    List<String> expected = IntStream.range(0, 1500).mapToObj(i -> "line-" + i).toList();
    assertThat(texts()).containsExactlyElementsOf(expected);
  }

  @Test
  void shouldDrainAFileRotatedWhileStoppedBeforeReadingTheNewOne() throws IOException {
    append(log(), lines("a", 0, 10));
    try (FileTailer first = tailer(new LineFramer())) {
      first.poll();
    }
    // While down: more lines, rotation, a new file
    append(log(), lines("a", 10, 13));
    Files.move(log(), dir.resolve("eve.log.1"));
    append(log(), lines("b", 0, 2));
    try (FileTailer second = tailer(new LineFramer())) {
      second.poll();
      second.poll();
    }
    assertThat(texts())
        .containsExactly(
            "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12", "b0",
            "b1");
  }

  @Test
  void shouldRedeliverABatchTheSinkRefusedAndOnlyThenAdvanceTheCheckpoint() throws IOException {
    // Given a sink that fails once (the spool is full)
    append(log(), lines("r", 0, 3));
    FileCheckpoint checkpoint = FileCheckpoint.forTailedFile(dir.resolve("checkpoints"), log());
    List<List<String>> calls = new ArrayList<>();
    boolean[] fail = {true};
    RecordSink sink =
        batch -> {
          calls.add(batch.stream().map(Record::text).toList());
          if (fail[0]) {
            fail[0] = false;
            throw new IllegalStateException("spool full");
          }
        };
    try (FileTailer t =
        new FileTailer(TailerConfig.of(log()), new LineFramer(), checkpoint, sink)) {
      // When
      assertThatThrownBy(t::poll).isInstanceOf(FileTailer.SinkException.class);
      assertThat(checkpoint.load()).isEmpty();
      assertThat(t.poll()).isEqualTo(3);
    }
    // Then the batch came twice (at-least-once) and the checkpoint is past it
    assertThat(calls).containsExactly(List.of("r0", "r1", "r2"), List.of("r0", "r1", "r2"));
    assertThat(checkpoint.load()).get().extracting(Checkpoint.Position::offset).isEqualTo(9L);
  }

  @Test
  void shouldFramePrettyPrintedEveWrittenInPiecesAndResumeMidRecordWithoutLoss()
      throws IOException {
    // Given the real pretty-printed alert and drop events, the second half not yet written
    String alert = SharedData.read("suricata-eve/telegraf-v2/alert.json");
    String drop = SharedData.read("suricata-eve/telegraf-v2/drop.json");
    int half = drop.length() / 2;
    append(log(), alert + (alert.endsWith("\n") ? "" : "\n") + drop.substring(0, half));
    try (FileTailer first = tailer(new MultiLineJsonFramer())) {
      first.poll();
    }
    assertThat(received).hasSize(1);
    assertThat(received.get(0).text())
        .startsWith("{")
        .contains("\"Corrupted HTTP body\"")
        .endsWith("}");

    // When the rest is written and a new tailer resumes from the checkpoint
    append(log(), drop.substring(half) + (drop.endsWith("\n") ? "" : "\n"));
    try (FileTailer second = tailer(new MultiLineJsonFramer())) {
      second.poll();
    }

    // Then the drop event arrives whole, once
    assertThat(received).hasSize(2);
    assertThat(received.get(1).text()).startsWith("{").contains("\"stream error\"").endsWith("}");
    assertThat(received.get(1).offset())
        .isEqualTo(alert.getBytes(StandardCharsets.UTF_8).length + (alert.endsWith("\n") ? 0 : 1));
  }

  @Test
  void shouldReportAnOverlongLineAsOneOversizedRecordAndCarryOn() throws IOException {
    append(log(), "ok1\n" + "z".repeat(5000) + "\nok2\n");
    try (FileTailer t = tailer(TailerConfig.of(log()).withMaxLineBytes(1024), new LineFramer())) {
      t.poll();
    }
    assertThat(received).extracting(Record::oversized).containsExactly(false, true, false);
    assertThat(texts()).containsExactly("ok1", "", "ok2");
  }

  @Test
  void shouldStartAtTheEndWhenConfiguredAndThereIsNoCheckpoint() throws IOException {
    append(log(), lines("old", 0, 3));
    try (FileTailer t =
        tailer(
            TailerConfig.of(log()).withStartAt(TailerConfig.StartPosition.END), new LineFramer())) {
      t.poll();
      append(log(), "new\n");
      t.poll();
    }
    assertThat(texts()).containsExactly("new");
  }

  @Test
  void shouldWaitForAFileThatDoesNotExistYet() throws IOException {
    try (FileTailer t = tailer(new LineFramer())) {
      assertThat(t.poll()).isZero();
      append(log(), "first\n");
      assertThat(t.poll()).isEqualTo(1);
    }
  }

  @Test
  void shouldPollOnItsOwnThreadUntilClosed() throws Exception {
    try (FileTailer t =
        tailer(TailerConfig.of(log()).withPollInterval(Duration.ofMillis(20)), new LineFramer())) {
      t.start();
      append(log(), lines("bg", 0, 50));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received).hasSize(50));
    }
    // after close nothing more is read
    append(log(), "late\n");
    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(received).hasSize(50));
  }
}
