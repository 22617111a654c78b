package dev.vigil.ingest.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only, CRC-checked, segmented write-ahead log of records bound for Kafka.
 *
 * <p>Every record gets a contiguous sequence number. {@link #append} returns once the batch is
 * durable (per {@link FsyncPolicy}); the sender reads records up to {@link #durableSeq()} through a
 * {@link SpoolCursor} and reports deliveries with {@link #ack}. A segment is deleted only when all
 * its records are acknowledged (and it falls out of the retained duplicate window). On open, a torn
 * record at the tail of the last segment is truncated; a bad record anywhere else is corruption and
 * fails the open.
 *
 * <p>Thread-safe: appends are serialised by the instance lock, fsyncs are shared (group commit).
 */
final class Spool implements Closeable {
  private static final Logger LOGGER = LoggerFactory.getLogger(Spool.class);
  private static final String LOCK_FILE = "spool.lock";

  private final SpoolConfig config;
  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
  private final LinkedHashMap<String, Long> recentIds;
  private final Object syncLock = new Object();
  private final Object durableMonitor = new Object();
  private final AtomicLong durableSeq = new AtomicLong(-1);

  private Segment active;
  private long nextSeq;
  private volatile SpoolState state;
  private final StateFile stateFile;
  private volatile long depthRecords;
  private volatile long depthBytes;
  private IOException failure;
  private boolean closed;

  /** {@link #state} holds an ack the state file does not (see {@link #ackDeferred}). */
  private boolean ackUnsaved;

  private Spool(
      SpoolConfig config, FileChannel lockChannel, FileLock lock, StateFile.Loaded state) {
    this.config = config;
    this.dir = config.dir();
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.state = state.state();
    this.stateFile = state.file();
    int bound = config.dedupIds();
    this.recentIds =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > bound;
          }
        };
  }

  /** Locks the directory, recovers the segments (truncating a torn tail) and the state. */
  static Spool open(SpoolConfig config) throws IOException {
    Path dir = config.dir();
    Files.createDirectories(dir);
    FileChannel lockChannel =
        FileChannel.open(
            dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null; // held by this JVM
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException("spool directory " + dir + " is in use by another process");
    }
    try {
      Files.deleteIfExists(dir.resolve(StateFile.FILE + ".tmp"));
      StateFile.Loaded loaded = StateFile.open(dir);
      Spool spool = new Spool(config, lockChannel, lock, loaded);
      try {
        spool.recover();
      } catch (IOException | RuntimeException e) {
        loaded.file().close();
        throw e;
      }
      return spool;
    } catch (IOException | RuntimeException e) {
      lock.release();
      lockChannel.close();
      throw e;
    }
  }

  private void recover() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(Segment::isSegment).sorted().toList();
    }
    long acked = state.ackedSeq();
    long lastSeq = acked;
    for (int i = 0; i < files.size(); i++) {
      boolean last = i == files.size() - 1;
      Segment seg = scan(files.get(i), last, acked);
      segments.put(seg.firstSeq, seg);
      lastSeq = Math.max(lastSeq, seg.lastSeq);
    }
    nextSeq = lastSeq + 1;
    if (segments.isEmpty() || segments.lastEntry().getValue().size >= config.segmentBytes()) {
      active = createSegment(nextSeq);
    } else {
      active = segments.lastEntry().getValue();
      active.writer = FileChannel.open(active.path, StandardOpenOption.WRITE);
    }
    durableSeq.set(nextSeq - 1);
    deleteDeliveredSegments();
    LOGGER
        .atInfo()
        .addKeyValue("dir", dir)
        .addKeyValue("ackedSeq", acked)
        .addKeyValue("undeliveredRecords", depthRecords)
        .addKeyValue("undeliveredBytes", depthBytes)
        .log("spool opened");
  }

  private Segment scan(Path file, boolean last, long acked) throws IOException {
    long first = Segment.firstSeqOf(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      long pos = 0;
      long expected = first;
      while (true) {
        SpoolEntry e = SpoolCodec.read(ch, pos, fileSize);
        if (e == null || e.seq() != expected) {
          break;
        }
        if (e.eventId() != null) {
          recentIds.put(e.eventId(), e.seq());
        }
        if (e.seq() > acked) {
          depthRecords++;
          depthBytes += e.frameBytes();
        }
        pos += e.frameBytes();
        expected++;
      }
      if (pos < fileSize) {
        if (!last) {
          throw new IOException(
              "spool segment "
                  + file
                  + " is corrupt at byte "
                  + pos
                  + " (not the last segment, so not a torn write); refusing to continue");
        }
        LOGGER
            .atWarn()
            .addKeyValue("segment", file.getFileName())
            .addKeyValue("validBytes", pos)
            .addKeyValue("truncatedBytes", fileSize - pos)
            .log("spool: torn record at the tail truncated");
        try (FileChannel w = FileChannel.open(file, StandardOpenOption.WRITE)) {
          w.truncate(pos);
          w.force(true);
        }
      }
      return new Segment(file, first, pos, expected - 1);
    }
  }

  /** What {@link #append} did. */
  record Appended(int accepted, int duplicates, long lastSeq, long bytes) {}

  /**
   * Appends the batch (minus records whose event id is already in the spool window), all or
   * nothing, and returns once it is durable. Duplicates wait until their first copy is durable.
   */
  Appended append(List<SpoolEntry> batch) throws SpoolFullException, IOException {
    long waitFor;
    int accepted = 0;
    int duplicates = 0;
    long bytes = 0;
    long batchLast;
    synchronized (this) {
      checkUsable();
      waitFor = -1;
      List<SpoolEntry> fresh = new ArrayList<>(batch.size());
      Set<String> inBatch = new HashSet<>();
      for (SpoolEntry e : batch) {
        if (e.eventId() != null) {
          Long seen = recentIds.get(e.eventId());
          if (seen != null || !inBatch.add(e.eventId())) {
            duplicates++;
            waitFor = Math.max(waitFor, seen == null ? -1 : seen);
            continue;
          }
        }
        fresh.add(e);
      }
      List<ByteBuffer> frames = new ArrayList<>(fresh.size());
      for (int i = 0; i < fresh.size(); i++) {
        ByteBuffer frame = SpoolCodec.encode(fresh.get(i), nextSeq + i);
        frames.add(frame);
        bytes += frame.remaining();
      }
      if (depthBytes + bytes > config.maxBytes()) {
        throw new SpoolFullException(depthBytes, bytes, config.maxBytes());
      }
      try {
        int i = 0;
        while (i < frames.size()) {
          int end = writeGroup(frames, fresh, i);
          accepted += end - i;
          i = end;
        }
      } catch (IOException e) {
        fail(e);
        throw e;
      }
      batchLast = nextSeq - 1;
      waitFor = Math.max(waitFor, batchLast);
      if (config.fsync() == FsyncPolicy.OS_CACHE) {
        markDurable(nextSeq - 1);
      }
    }
    syncThrough(waitFor);
    return new Appended(accepted, duplicates, batchLast, bytes);
  }

  /**
   * Writes the encoded entries from {@code from} on that fit in the active segment (rolled first
   * when even the first does not fit; an empty segment takes one frame of any size) as {@code
   * nextSeq...}, with one write call for all of them instead of one per entry.
   *
   * @return the index after the last entry written
   */
  private int writeGroup(List<ByteBuffer> frames, List<SpoolEntry> entries, int from)
      throws IOException {
    if (active.size > 0 && active.size + frames.get(from).remaining() > config.segmentBytes()) {
      roll();
    }
    long groupBytes = frames.get(from).remaining();
    int end = from + 1;
    while (end < frames.size()
        && active.size + groupBytes + frames.get(end).remaining() <= config.segmentBytes()) {
      groupBytes += frames.get(end).remaining();
      end++;
    }
    ByteBuffer group = ByteBuffer.allocate(Math.toIntExact(groupBytes));
    for (int i = from; i < end; i++) {
      group.put(frames.get(i).duplicate());
    }
    group.flip();
    long pos = active.size;
    while (group.hasRemaining()) {
      pos += active.writer.write(group, pos);
    }
    for (int i = from; i < end; i++) {
      int n = frames.get(i).remaining();
      active.size += n;
      active.lastSeq = nextSeq;
      SpoolEntry e = entries.get(i);
      if (e.eventId() != null) {
        recentIds.put(e.eventId(), nextSeq);
      }
      nextSeq++;
      depthRecords++;
      depthBytes += n;
    }
    return end;
  }

  /** Forces the active segment until {@code seq} is durable; concurrent callers share one fsync. */
  private void syncThrough(long seq) throws IOException {
    if (seq < 0 || durableSeq.get() >= seq) {
      return;
    }
    synchronized (syncLock) {
      while (durableSeq.get() < seq) {
        Segment seg;
        long target;
        synchronized (this) {
          checkUsable();
          seg = active;
          target = nextSeq - 1;
        }
        try {
          seg.writer.force(false);
        } catch (ClosedChannelException e) {
          continue; // rolled meanwhile: the roll forced it; look at the new active segment
        } catch (IOException e) {
          synchronized (this) {
            fail(e);
          }
          throw e;
        }
        markDurable(target);
      }
    }
  }

  private void markDurable(long seq) {
    durableSeq.accumulateAndGet(seq, Math::max);
    synchronized (durableMonitor) {
      durableMonitor.notifyAll();
    }
  }

  private void roll() throws IOException {
    active.writer.force(false);
    active.writer.close();
    active.writer = null;
    markDurable(active.lastSeq);
    active = createSegment(nextSeq);
  }

  private Segment createSegment(long firstSeq) throws IOException {
    Path path = dir.resolve(Segment.fileName(firstSeq));
    Segment seg = new Segment(path, firstSeq, 0, firstSeq - 1);
    seg.writer =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    syncDirectory(dir);
    segments.put(firstSeq, seg);
    return seg;
  }

  /** Waits until a record after {@code seq} is durable; false on timeout. */
  boolean awaitDurableAfter(long seq, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    synchronized (durableMonitor) {
      while (durableSeq.get() <= seq) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || closed) {
          return false;
        }
        durableMonitor.wait(left);
      }
      return true;
    }
  }

  /** Highest sequence number that is durable and may be sent. */
  long durableSeq() {
    return durableSeq.get();
  }

  /** Highest sequence number appended so far (durable or not), -1 if none. */
  synchronized long lastSeq() {
    return nextSeq - 1;
  }

  SpoolState state() {
    return state;
  }

  long ackedSeq() {
    return state.ackedSeq();
  }

  /** Records that the batch after {@link #ackedSeq()} up to {@code endSeq} is being committed. */
  synchronized void writeIntent(SpoolState.Intent intent) throws IOException {
    SpoolState next = new SpoolState(state.ackedSeq(), Optional.of(intent));
    stateFile.store(next);
    state = next;
    if (ackUnsaved) {
      ackUnsaved = false;
      deleteDeliveredSegments();
    }
  }

  /** Forgets an intent whose transaction did not commit. */
  synchronized void clearIntent() throws IOException {
    SpoolState next = new SpoolState(state.ackedSeq(), Optional.empty());
    stateFile.store(next);
    state = next;
    ackUnsaved = false;
  }

  /** Kafka has committed every record up to {@code endSeq} ({@code batchBytes} on disk). */
  synchronized void ack(long endSeq, long batchBytes) throws IOException {
    if (ackInMemory(endSeq, batchBytes)) {
      storeAck();
    }
  }

  /**
   * Like {@link #ack} without writing the state file: the next {@link #writeIntent} (or {@link
   * #storeAck}, or {@link #close}) carries it, saving a state-file sync per transaction. Until then
   * the file still holds the committed transaction's intent, which recovery resolves as committed —
   * the path a crash between commit and ack takes anyway. Segments are deleted only once the ack is
   * on disk.
   */
  synchronized void ackDeferred(long endSeq, long batchBytes) {
    ackInMemory(endSeq, batchBytes);
  }

  /** Writes an ack kept by {@link #ackDeferred}, if any. */
  synchronized void storeAck() throws IOException {
    if (ackUnsaved) {
      stateFile.store(state);
      ackUnsaved = false;
      deleteDeliveredSegments();
    }
  }

  private boolean ackInMemory(long endSeq, long batchBytes) {
    long records = endSeq - state.ackedSeq();
    if (records <= 0) {
      return false;
    }
    state = new SpoolState(endSeq, Optional.empty());
    ackUnsaved = true;
    depthRecords = Math.max(0, depthRecords - records);
    depthBytes = Math.max(0, depthBytes - batchBytes);
    return true;
  }

  /** Deletes sealed, fully acknowledged segments beyond the retained duplicate window. */
  private void deleteDeliveredSegments() throws IOException {
    long acked = state.ackedSeq();
    List<Segment> delivered = new ArrayList<>();
    long retained = 0;
    for (Segment seg : segments.values()) {
      if (seg == active || seg.lastSeq > acked) {
        break;
      }
      delivered.add(seg);
      retained += seg.size;
    }
    boolean deleted = false;
    Iterator<Segment> it = delivered.iterator();
    while (it.hasNext() && retained > config.retainAckedBytes()) {
      Segment seg = it.next();
      Files.deleteIfExists(seg.path);
      segments.remove(seg.firstSeq);
      retained -= seg.size;
      deleted = true;
    }
    if (deleted) {
      syncDirectory(dir);
    }
  }

  /** A reader positioned at the first record after {@code seq}. */
  SpoolCursor cursorAfter(long seq) throws IOException {
    return new SpoolCursor(segments, seq + 1);
  }

  long depthRecords() {
    return depthRecords;
  }

  long depthBytes() {
    return depthBytes;
  }

  long maxBytes() {
    return config.maxBytes();
  }

  /** Sealed and active segment files currently on disk. */
  List<Path> segmentFiles() {
    return segments.values().stream().map(s -> s.path).toList();
  }

  private void checkUsable() throws IOException {
    if (closed) {
      throw new IOException("spool is closed");
    }
    if (failure != null) {
      throw new IOException("spool failed earlier and needs a restart", failure);
    }
  }

  /** After a failed write or fsync nothing more is accepted: the page cache state is unknown. */
  private void fail(IOException e) {
    if (failure == null) {
      failure = e;
      LOGGER
          .atError()
          .addKeyValue("dir", dir)
          .addKeyValue("error", e.getClass().getSimpleName())
          .log("spool write failed; refusing further appends until restart");
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (ackUnsaved && failure == null) {
        stateFile.store(state);
        ackUnsaved = false;
      }
      stateFile.close();
      if (active.writer != null) {
        if (failure == null) {
          active.writer.force(false);
        }
        active.writer.close();
      }
    }
    synchronized (durableMonitor) {
      durableMonitor.notifyAll();
    }
    lock.release();
    lockChannel.close();
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename/create is still atomic there.
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }
}
