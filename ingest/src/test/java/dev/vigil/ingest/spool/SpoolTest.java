package dev.vigil.ingest.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir Path dir;

  private SpoolConfig config() {
    return SpoolConfig.defaults(dir).withSegmentBytes(4096).withRetainAckedBytes(0);
  }

  private static SpoolEntry entry(String id) {
    return SpoolEntry.pending(
        "vigil.health.raw.v1",
        ("key-" + id).getBytes(StandardCharsets.UTF_8),
        ("value-" + id + "-" + "x".repeat(300)).getBytes(StandardCharsets.UTF_8),
        List.of(new RecordHeader("vigil.collector", "c1".getBytes(StandardCharsets.UTF_8))),
        id);
  }

  private static List<SpoolEntry> entries(String prefix, int n) {
    List<SpoolEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(entry(prefix + i));
    }
    return out;
  }

  private static List<String> readAll(Spool spool) throws IOException {
    try (SpoolCursor cursor = spool.cursorAfter(spool.ackedSeq())) {
      return cursor.next(100_000, Long.MAX_VALUE, spool.durableSeq()).stream()
          .map(SpoolEntry::eventId)
          .toList();
    }
  }

  @Test
  void shouldReadRecordsBackInAppendOrderWithTheirContent() throws Exception {
    // Given a spool with two appended batches spanning several segments
    try (Spool spool = Spool.open(config())) {
      spool.append(entries("a", 20));
      spool.append(entries("b", 5));

      // When the records are read from the start
      List<SpoolEntry> read;
      try (SpoolCursor cursor = spool.cursorAfter(-1)) {
        read = cursor.next(1000, Long.MAX_VALUE, spool.durableSeq());
      }

      // Then they come back in order, with key, value, headers and topic intact
      assertThat(read).extracting(SpoolEntry::seq).containsExactlyElementsOf(range(0, 25));
      assertThat(read.get(0).eventId()).isEqualTo("a0");
      assertThat(read.get(24).eventId()).isEqualTo("b4");
      assertThat(new String(read.get(3).key(), StandardCharsets.UTF_8)).isEqualTo("key-a3");
      assertThat(new String(read.get(3).value(), StandardCharsets.UTF_8)).startsWith("value-a3-");
      assertThat(read.get(3).topic()).isEqualTo("vigil.health.raw.v1");
      assertThat(new String(read.get(3).headers().get(0).value(), StandardCharsets.UTF_8))
          .isEqualTo("c1");
      assertThat(spool.segmentFiles()).hasSizeGreaterThan(1);
      assertThat(spool.depthRecords()).isEqualTo(25);
    }
  }

  @Test
  void shouldTruncateATornLastRecordOnReopenAndKeepTheCompleteOnes() throws Exception {
    // Given a closed spool with three records, then half a frame appended as a crash would leave it
    try (Spool spool = Spool.open(config())) {
      spool.append(entries("a", 3));
    }
    Path segment = lastSegment();
    long validSize = Files.size(segment);
    ByteBuffer torn = SpoolCodec.encode(entry("torn"), 3);
    torn.limit(torn.limit() / 2);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      ch.write(torn);
    }

    // When it is reopened
    try (Spool spool = Spool.open(config())) {
      // Then the torn tail is gone, the complete records remain and appends continue the sequence
      assertThat(Files.size(segment)).isEqualTo(validSize);
      assertThat(readAll(spool)).containsExactly("a0", "a1", "a2");
      Spool.Appended next = spool.append(List.of(entry("b0")));
      assertThat(next.lastSeq()).isEqualTo(3);
      assertThat(readAll(spool)).containsExactly("a0", "a1", "a2", "b0");
    }
  }

  @Test
  void shouldDropALastRecordWhoseCrcDoesNotMatch() throws Exception {
    // Given a spool whose last record has one payload byte flipped
    try (Spool spool = Spool.open(config())) {
      spool.append(entries("a", 3));
    }
    Path segment = lastSegment();
    long size = Files.size(segment);
    try (FileChannel ch =
        FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, size - 5);
      b.put(0, (byte) (b.get(0) ^ 0x55)).position(0);
      ch.write(b, size - 5);
    }

    // When it is reopened, Then only the two intact records are replayed
    try (Spool spool = Spool.open(config())) {
      assertThat(readAll(spool)).containsExactly("a0", "a1");
      assertThat(spool.depthRecords()).isEqualTo(2);
    }
  }

  @Test
  void shouldRefuseToOpenWhenASealedSegmentIsCorrupt() throws Exception {
    // Given a spool of several segments whose first (sealed) one is damaged in the middle
    try (Spool spool = Spool.open(config())) {
      spool.append(entries("a", 30));
    }
    Path first;
    try (var files = Files.list(dir)) {
      first = files.filter(Segment::isSegment).sorted().findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 400);
    }

    // When it is reopened, Then it fails closed naming the segment
    assertThatThrownBy(() -> Spool.open(config()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(first.getFileName().toString())
        .hasMessageContaining("corrupt");
  }

  @Test
  void shouldDeleteASegmentOnlyOnceEveryRecordInItIsAcknowledged() throws Exception {
    try (Spool spool = Spool.open(config())) {
      // Given records spread over several segments (about 10 per 4 KiB segment)
      spool.append(entries("a", 35));
      List<Path> before = spool.segmentFiles();
      assertThat(before).hasSizeGreaterThanOrEqualTo(4);
      long firstOfSecond = Segment.firstSeqOf(before.get(1));

      // When everything up to one record before the end of the first segment is acknowledged
      spool.ack(firstOfSecond - 2, 0);
      // Then the first segment is still there
      assertThat(spool.segmentFiles()).containsExactlyElementsOf(before);

      // When its last record is acknowledged too
      spool.ack(firstOfSecond - 1, 0);
      // Then exactly the first segment is deleted, from disk as well
      assertThat(spool.segmentFiles()).containsExactlyElementsOf(before.subList(1, before.size()));
      assertThat(before.get(0)).doesNotExist();
      assertThat(spool.depthRecords()).isEqualTo(35 - firstOfSecond);
    }
  }

  @Test
  void shouldRejectABatchThatDoesNotFitAndAcceptAgainAfterAcks() throws Exception {
    // Given a spool limited to 8 KiB of undelivered records
    try (Spool spool = Spool.open(config().withMaxBytes(8192))) {
      Spool.Appended first = spool.append(entries("a", 15));
      long depth = spool.depthBytes();

      // When a batch that does not fit is appended
      assertThatThrownBy(() -> spool.append(entries("b", 15)))
          .isInstanceOf(SpoolFullException.class)
          .hasMessageContaining("spool full")
          .hasMessageContaining("8192");
      // Then nothing of it was written
      assertThat(spool.depthBytes()).isEqualTo(depth);
      assertThat(readAll(spool)).hasSize(15).doesNotContain("b0");

      // When the first batch is acknowledged, Then the batch fits
      spool.ack(first.lastSeq(), first.bytes());
      assertThat(spool.append(entries("b", 15)).accepted()).isEqualTo(15);
    }
  }

  @Test
  void shouldReplayOnlyUnacknowledgedRecordsAfterARestart() throws Exception {
    // Given five records of which the first two were acknowledged before the process stopped
    try (Spool spool = Spool.open(config())) {
      spool.append(entries("a", 5));
      spool.ack(1, 0);
    }

    // When the spool is reopened
    try (Spool spool = Spool.open(config())) {
      // Then the last three are replayed, in order, and the depth says so
      assertThat(spool.ackedSeq()).isEqualTo(1);
      assertThat(readAll(spool)).containsExactly("a2", "a3", "a4");
      assertThat(spool.depthRecords()).isEqualTo(3);
    }
  }

  @Test
  void shouldDropDuplicateEventIdsWithinTheBatchAndAcrossARestart() throws Exception {
    // Given a spool that has seen event ids a0..a2
    try (Spool spool = Spool.open(config())) {
      spool.append(entries("a", 3));
    }
    try (Spool spool = Spool.open(config())) {
      // When a batch repeats a1, and repeats a new id twice
      Spool.Appended result = spool.append(List.of(entry("a1"), entry("b0"), entry("b0")));

      // Then only b0 is appended once; the others count as duplicates
      assertThat(result.accepted()).isEqualTo(1);
      assertThat(result.duplicates()).isEqualTo(2);
      assertThat(readAll(spool)).containsExactly("a0", "a1", "a2", "b0");
    }
  }

  @Test
  void shouldPersistTheInDoubtTransactionAndClearItOnAck() throws Exception {
    // Given an intent written before a commit
    try (Spool spool = Spool.open(config())) {
      spool.append(entries("a", 4));
      spool.writeIntent(new SpoolState.Intent(3, 1234, "vigil.health.raw.v1", 2, 77));
    }
    // When reopened, Then the intent is still there, exactly
    try (Spool spool = Spool.open(config())) {
      assertThat(spool.state().intent())
          .contains(new SpoolState.Intent(3, 1234, "vigil.health.raw.v1", 2, 77));
      // When the batch is acknowledged, Then the intent is gone and the ack recorded
      spool.ack(3, 1234);
    }
    try (Spool spool = Spool.open(config())) {
      assertThat(spool.state()).isEqualTo(new SpoolState(3, java.util.Optional.empty()));
      assertThat(spool.depthRecords()).isZero();
    }
  }

  @Test
  void shouldNotOpenTheSameDirectoryTwice() throws Exception {
    try (Spool spool = Spool.open(config())) {
      assertThatThrownBy(() -> Spool.open(config()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("in use by another process");
    }
  }

  private Path lastSegment() throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(Segment::isSegment).sorted().reduce((a, b) -> b).orElseThrow();
    }
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }
}
