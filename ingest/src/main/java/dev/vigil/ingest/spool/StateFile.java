package dev.vigil.ingest.spool;

import java.io.Closeable;
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
 * The {@code spool.state} file: two slots of {@value #SLOT_BYTES} bytes, each {@code magic, version
 * 2, generation, ackedSeq, intent, crc32c}. A store overwrites the older slot in place and forces
 * the data (one {@code fdatasync}, where replacing the file by rename took three syncs: file,
 * rename, directory); a torn slot fails its CRC and the other slot, the state before that store, is
 * read. The file is created (and a version-1 file of one record, as earlier versions wrote it,
 * converted) by writing a temporary file, fsync, rename, fsync of the directory. Single writer: the
 * spool calls it under its lock.
 */
final class StateFile implements Closeable {
  static final String FILE = "spool.state";
  static final int SLOT_BYTES = 512;
  private static final int MAGIC = 0x5653504c; // "VSPL"
  private static final int VERSION_1 = 1;
  private static final int VERSION = 2;

  private final Path dir;
  private FileChannel channel;
  private long generation;

  private StateFile(Path dir, FileChannel channel, long generation) {
    this.dir = dir;
    this.channel = channel;
    this.generation = generation;
  }

  /** The state file of {@code dir} (none yet: nothing acknowledged) and the state it holds. */
  static Loaded open(Path dir) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(dir.resolve(FILE));
    } catch (NoSuchFileException e) {
      return new Loaded(new StateFile(dir, null, 0), SpoolState.initial());
    }
    if (bytes.length != 2 * SLOT_BYTES) {
      return new Loaded(new StateFile(dir, null, 0), readVersion1(dir, bytes));
    }
    Optional<Slot> best = Optional.empty();
    for (int slot = 0; slot < 2; slot++) {
      Optional<Slot> s = readSlot(bytes, slot * SLOT_BYTES);
      if (s.isPresent() && (best.isEmpty() || s.get().generation() > best.get().generation())) {
        best = s;
      }
    }
    if (best.isEmpty()) {
      throw new IOException("spool state file " + dir.resolve(FILE) + " is corrupt");
    }
    FileChannel channel =
        FileChannel.open(dir.resolve(FILE), StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new Loaded(new StateFile(dir, channel, best.get().generation()), best.get().state());
  }

  /** The state file and the state it held when opened. */
  record Loaded(StateFile file, SpoolState state) {}

  private record Slot(long generation, SpoolState state) {}

  /** Makes {@code state} durable: on return it is what {@link #open} reads, also after a crash. */
  void store(SpoolState state) throws IOException {
    long next = generation + 1;
    ByteBuffer slot = encode(state, next);
    if (channel == null) {
      create(slot, next);
    } else {
      long position = (next % 2) * SLOT_BYTES;
      while (slot.hasRemaining()) {
        position += channel.write(slot, position);
      }
      channel.force(false);
    }
    generation = next;
  }

  /** Writes a new file (the state in its slot, the other slot empty) and renames it into place. */
  private void create(ByteBuffer slot, long gen) throws IOException {
    ByteBuffer file = ByteBuffer.allocate(2 * SLOT_BYTES);
    file.position((int) (gen % 2) * SLOT_BYTES);
    file.put(slot);
    file.clear();
    Path tmp = dir.resolve(FILE + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (file.hasRemaining()) {
        ch.write(file);
      }
      ch.force(true);
    }
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    Spool.syncDirectory(dir);
    channel =
        FileChannel.open(dir.resolve(FILE), StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static ByteBuffer encode(SpoolState state, long gen) {
    Optional<SpoolState.Intent> intent = state.intent();
    byte[] topic = intent.map(i -> i.topic().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    ByteBuffer buf = ByteBuffer.allocate(SLOT_BYTES);
    if (4 + 4 + 8 + 8 + 8 + 8 + 2 + topic.length + 4 + 8 + 4 > SLOT_BYTES) {
      throw new IllegalArgumentException("topic name of " + topic.length + " bytes is too long");
    }
    buf.putInt(MAGIC).putInt(VERSION).putLong(gen).putLong(state.ackedSeq());
    buf.putLong(intent.map(SpoolState.Intent::endSeq).orElse(-1L));
    buf.putLong(intent.map(SpoolState.Intent::batchBytes).orElse(0L));
    buf.putShort((short) topic.length).put(topic);
    buf.putInt(intent.map(SpoolState.Intent::partition).orElse(-1));
    buf.putLong(intent.map(SpoolState.Intent::offset).orElse(-1L));
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    buf.clear();
    return buf;
  }

  /** The slot at {@code offset}, or empty if it was never written or is torn. */
  private static Optional<Slot> readSlot(byte[] bytes, int offset) {
    ByteBuffer buf = ByteBuffer.wrap(bytes, offset, SLOT_BYTES).slice();
    try {
      if (buf.getInt() != MAGIC || buf.getInt() != VERSION) {
        return Optional.empty();
      }
      long gen = buf.getLong();
      long acked = buf.getLong();
      long end = buf.getLong();
      long batchBytes = buf.getLong();
      int topicLength = buf.getShort();
      if (topicLength < 0) {
        return Optional.empty();
      }
      byte[] topic = new byte[topicLength];
      buf.get(topic);
      int partition = buf.getInt();
      long offsetInTopic = buf.getLong();
      CRC32C crc = new CRC32C();
      crc.update(bytes, offset, buf.position());
      if (buf.getInt() != (int) crc.getValue()) {
        return Optional.empty();
      }
      Optional<SpoolState.Intent> intent =
          end < 0
              ? Optional.empty()
              : Optional.of(
                  new SpoolState.Intent(
                      end,
                      batchBytes,
                      new String(topic, StandardCharsets.UTF_8),
                      partition,
                      offsetInTopic));
      return Optional.of(new Slot(gen, new SpoolState(acked, intent)));
    } catch (RuntimeException e) {
      return Optional.empty(); // lengths running past the slot: torn
    }
  }

  /** The one-record file of version 1 (replaced by rename, so never torn). */
  private static SpoolState readVersion1(Path dir, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    try {
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, bytes.length - 4);
      if (buf.getInt() != MAGIC
          || buf.getInt() != VERSION_1
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
              new SpoolState.Intent(
                  end, batchBytes, new String(topic, StandardCharsets.UTF_8), partition, offset)));
    } catch (RuntimeException e) {
      throw new IOException("spool state file " + dir.resolve(FILE) + " is corrupt", e);
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
