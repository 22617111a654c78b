package dev.vigil.ingest.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The spool's small persisted state: the highest sequence number Kafka has acknowledged, and the
 * transaction in doubt (if any). Replaced atomically (write temp, fsync, rename, fsync dir).
 *
 * @param ackedSeq every record with {@code seq <= ackedSeq} is committed to Kafka; -1 for none
 * @param intent the batch whose commit was requested but not yet recorded here
 */
record SpoolState(long ackedSeq, Optional<Intent> intent) {
  static final String FILE = "spool.state";
  private static final int MAGIC = 0x5653504c; // "VSPL"
  private static final int VERSION = 1;

  /**
   * A transaction that was about to be committed: records {@code ackedSeq+1 .. endSeq}, of which
   * the first landed at {@code topic/partition/offset}. Whether that offset is visible to a
   * read-committed consumer decides, after a crash, whether the whole (atomic) batch committed.
   */
  record Intent(long endSeq, long batchBytes, String topic, int partition, long offset) {}

  static SpoolState initial() {
    return new SpoolState(-1, Optional.empty());
  }

  static SpoolState load(Path dir) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(dir.resolve(FILE));
    } catch (NoSuchFileException e) {
      return initial();
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    try {
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, bytes.length - 4);
      if (buf.getInt() != MAGIC
          || buf.getInt() != VERSION
          || buf.getInt(bytes.length - 4) != (int) crc.getValue()) {
        throw new IOException("spool state file " + dir.resolve(FILE) + " is corrupt");
      }
      long acked = buf.getLong();
      long end = buf.getLong();
      if (end < 0) {
        return new SpoolState(acked, Optional.empty());
      }
      long batchBytes = buf.getLong();
      byte[] topic = new byte[buf.getShort()];
      buf.get(topic);
      int partition = buf.getInt();
      long offset = buf.getLong();
      return new SpoolState(
          acked,
          Optional.of(
              new Intent(
                  end, batchBytes, new String(topic, StandardCharsets.UTF_8), partition, offset)));
    } catch (RuntimeException e) {
      throw new IOException("spool state file " + dir.resolve(FILE) + " is corrupt", e);
    }
  }

  void store(Path dir) throws IOException {
    byte[] topic = intent.map(i -> i.topic().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    ByteBuffer buf = ByteBuffer.allocate(4 + 4 + 8 + 8 + 8 + 2 + topic.length + 4 + 8 + 4);
    buf.putInt(MAGIC).putInt(VERSION).putLong(ackedSeq);
    buf.putLong(intent.map(Intent::endSeq).orElse(-1L));
    buf.putLong(intent.map(Intent::batchBytes).orElse(0L));
    buf.putShort((short) topic.length).put(topic);
    buf.putInt(intent.map(Intent::partition).orElse(-1));
    buf.putLong(intent.map(Intent::offset).orElse(-1L));
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    buf.flip();
    Path tmp = dir.resolve(FILE + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    Spool.syncDirectory(dir);
  }
}
