package dev.vigil.ingest.tail;

import dev.vigil.schemas.logging.Causes;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one file like {@code tail -F}, handing complete records to a {@link RecordSink}.
 *
 * <ul>
 *   <li>Only complete lines are read ({@code \n} or {@code \r\n}); a partial last line waits for
 *       its newline.
 *   <li><b>Rotation</b> (rename, new file with the same name): detected by a change of the file key
 *       (device and inode) behind the path; the old file is read to its end, a partial last line or
 *       record there is emitted as it is, then the new file is read from 0.
 *   <li><b>Truncation</b> (size below the read position, e.g. copytruncate): read again from 0.
 *   <li><b>Restart</b>: the {@link Checkpoint} holds (file key, offset). If the path still has that
 *       key, reading resumes at the offset; if not, the directory is searched for the file with
 *       that key (rotated while we were down) and its rest is read first.
 *   <li><b>At-least-once</b>: the checkpoint advances only after the sink returned normally, and
 *       only to a record boundary; if the sink throws, the tailer rewinds to the last confirmed
 *       position and delivers again on the next poll. Event ids are deterministic, so downstream
 *       drops the duplicates.
 * </ul>
 *
 * {@link #poll()} does one pass synchronously (tests, or a caller's own scheduler); {@link
 * #start()} polls on a daemon thread every {@link TailerConfig#pollInterval()} until {@link
 * #close()}.
 */
public final class FileTailer implements Closeable {

  private static final Logger LOGGER = LoggerFactory.getLogger(FileTailer.class);
  private static final int CHUNK = 64 * 1024;

  private final TailerConfig config;
  private final Framer framer;
  private final Checkpoint checkpoint;
  private final RecordSink sink;
  private final Object lock = new Object();

  private ScheduledExecutorService executor;
  private boolean closed;

  // current file
  private FileChannel channel;
  private Path currentPath;
  private String currentKey;
  private long readPos; // next byte to read
  private long lineStart; // offset of the first byte of the partial line in lineBuffer
  private long safeOffset; // a record boundary: everything before it is framed
  private boolean discardingLongLine;
  private final ByteArrayOutputStream lineBuffer = new ByteArrayOutputStream();
  private Checkpoint.Position committed;
  private boolean checkpointLoaded;
  private boolean followingRotation; // the next file opened is a rotation's new file: read from 0

  // pending batch
  private final List<Record> batch = new ArrayList<>();
  private long batchSafeOffset;

  public FileTailer(TailerConfig config, Framer framer, Checkpoint checkpoint, RecordSink sink) {
    this.config = Objects.requireNonNull(config, "config");
    this.framer = Objects.requireNonNull(framer, "framer");
    this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Starts polling on a daemon thread. */
  public void start() {
    synchronized (lock) {
      if (closed || executor != null) {
        throw new IllegalStateException("tailer already started or closed");
      }
      executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "tailer-" + config.path().getFileName());
                t.setDaemon(true);
                return t;
              });
      long ms = config.pollInterval().toMillis();
      executor.scheduleWithFixedDelay(this::pollQuietly, 0, Math.max(1, ms), TimeUnit.MILLISECONDS);
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (Exception | Error e) {
      Causes.warn(LOGGER, e)
          .withoutMessages()
          .addKeyValue("file", config.path().getFileName())
          .log("tailer poll failed; retrying on the next poll");
    }
  }

  /**
   * One pass: reads what is new, follows rotation and truncation, hands records to the sink.
   *
   * @return the number of records the sink confirmed
   * @throws IOException if the file or checkpoint cannot be read or written
   * @throws SinkException if the sink refused a batch (the tailer has rewound)
   */
  public int poll() throws IOException {
    synchronized (lock) {
      if (closed) {
        return 0;
      }
      int delivered = 0;
      for (int round = 0; round < 4; round++) {
        if (channel == null && !open()) {
          return delivered;
        }
        delivered += readToEnd();
        if (channel.size() < readPos) {
          LOGGER
              .atInfo()
              .addKeyValue("file", currentPath.getFileName())
              .log("file truncated; reading from 0");
          restartAt(0);
          continue;
        }
        String pathKey = fileKeyOrNull(config.path());
        if (pathKey != null && !pathKey.equals(currentKey)) {
          // rotated: the old file is complete; emit what is left in it and switch
          delivered += readToEnd();
          finishFile();
          continue;
        }
        return delivered;
      }
      return delivered;
    }
  }

  /** Opens the file to read, resuming from the checkpoint; false if there is nothing to open. */
  private boolean open() throws IOException {
    String pathKey = fileKeyOrNull(config.path());
    if (!checkpointLoaded) {
      committed = loadCheckpoint().orElse(null);
      checkpointLoaded = true;
    }
    Path target = config.path();
    String key = pathKey;
    long start;
    if (committed != null && !committed.fileKey().equals(pathKey)) {
      Optional<Path> rotated = findByKey(committed.fileKey());
      if (rotated.isPresent()) {
        target = rotated.get();
        key = committed.fileKey();
        start = committed.offset();
      } else {
        if (pathKey == null) {
          return false;
        }
        LOGGER
            .atWarn()
            .addKeyValue("file", config.path().getFileName())
            .log("checkpointed file no longer found; reading the current file from 0");
        start = 0;
      }
    } else if (pathKey == null) {
      return false;
    } else if (committed != null) {
      start = committed.offset();
    } else if (followingRotation) {
      start = 0;
    } else {
      start = config.startAt() == TailerConfig.StartPosition.END ? Files.size(config.path()) : 0;
    }
    FileChannel ch;
    try {
      ch = FileChannel.open(target, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return false;
    }
    String openedKey = fileKeyOrNull(target);
    if (openedKey == null || !openedKey.equals(key)) {
      ch.close(); // replaced between stat and open; try again on the next poll
      return false;
    }
    if (ch.size() < start) {
      start = 0; // truncated while we were down
    }
    channel = ch;
    currentPath = target;
    currentKey = key;
    followingRotation = false;
    framer.reset();
    restartAt(start);
    return true;
  }

  private void restartAt(long offset) {
    readPos = offset;
    lineStart = offset;
    safeOffset = offset;
    batchSafeOffset = offset;
    lineBuffer.reset();
    discardingLongLine = false;
    framer.reset();
    batch.clear();
  }

  private int readToEnd() throws IOException {
    int delivered = 0;
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    while (true) {
      buf.clear();
      int n = channel.read(buf, readPos);
      if (n <= 0) {
        break;
      }
      byte[] bytes = buf.array();
      int segment = 0;
      for (int i = 0; i < n; i++) {
        if (bytes[i] == '\n') {
          appendLineBytes(bytes, segment, i - segment);
          long end = readPos + i + 1;
          endOfLine(end);
          segment = i + 1;
          if (batch.size() >= config.maxBatchRecords()) {
            delivered += deliver();
          }
        }
      }
      appendLineBytes(bytes, segment, n - segment);
      readPos += n;
      delivered += deliver();
    }
    return delivered;
  }

  private void appendLineBytes(byte[] bytes, int from, int len) {
    if (discardingLongLine || len == 0) {
      return;
    }
    if (lineBuffer.size() + len > config.maxLineBytes()) {
      discardingLongLine = true;
      lineBuffer.reset();
      return;
    }
    lineBuffer.write(bytes, from, len);
  }

  private void endOfLine(long end) {
    if (discardingLongLine) {
      framer.reset();
      batch.add(new Record("", currentPath, currentKey, lineStart, end, true));
      discardingLongLine = false;
    } else {
      byte[] line = lineBuffer.toByteArray();
      int len = line.length;
      if (len > 0 && line[len - 1] == '\r') {
        len--;
      }
      String text = new String(line, 0, len, StandardCharsets.UTF_8);
      for (Frame f : framer.accept(text, lineStart, end)) {
        batch.add(toRecord(f));
      }
    }
    lineBuffer.reset();
    lineStart = end;
    if (framer.idle()) {
      safeOffset = end;
    }
    batchSafeOffset = safeOffset;
  }

  private Record toRecord(Frame f) {
    return new Record(f.text(), currentPath, currentKey, f.offset(), f.endOffset(), f.oversized());
  }

  /** Hands the batch to the sink; advances the checkpoint only if the sink returned. */
  private int deliver() throws IOException {
    if (batch.isEmpty()) {
      if (committed == null
          || committed.offset() != batchSafeOffset
          || !committed.fileKey().equals(currentKey)) {
        commit(batchSafeOffset);
      }
      return 0;
    }
    List<Record> out = List.copyOf(batch);
    try {
      sink.deliver(out);
    } catch (Exception e) {
      rewind();
      throw new SinkException(e);
    }
    batch.clear();
    commit(batchSafeOffset);
    return out.size();
  }

  private void commit(long offset) throws IOException {
    Checkpoint.Position p = new Checkpoint.Position(currentKey, offset);
    checkpoint.save(p);
    committed = p;
  }

  /** Drops unconfirmed state; the next poll reopens at the last confirmed position. */
  private void rewind() {
    closeChannel();
    batch.clear();
    framer.reset();
    lineBuffer.reset();
  }

  /** The current file was rotated away: emit its partial tail, confirm it, move on. */
  private void finishFile() throws IOException {
    long end = readPos;
    if (lineBuffer.size() > 0 || discardingLongLine) {
      endOfLine(end); // a last line without newline will never be completed now
    }
    for (Frame f : framer.flush(end)) {
      batch.add(toRecord(f));
    }
    safeOffset = end;
    batchSafeOffset = end;
    deliver();
    LOGGER
        .atInfo()
        .addKeyValue("file", config.path().getFileName())
        .log("file rotated; following the new file");
    closeChannel();
    committed = null;
    followingRotation = true; // the new file is read from 0 whatever the start position
  }

  private Optional<Checkpoint.Position> loadCheckpoint() {
    try {
      return checkpoint.load();
    } catch (IOException e) {
      Causes.warn(LOGGER, e)
          .addKeyValue("file", config.path().getFileName())
          .log("checkpoint unreadable; starting per start position");
      return Optional.empty();
    }
  }

  private Optional<Path> findByKey(String key) throws IOException {
    Path dir = config.path().toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (Files.isRegularFile(f) && key.equals(fileKeyOrNull(f))) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  static String fileKeyOrNull(Path p) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
      Object key = attrs.fileKey();
      return key != null ? key.toString() : "ctime:" + attrs.creationTime().toMillis();
    } catch (IOException e) {
      return null;
    }
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to recover: the channel was only read
      }
      channel = null;
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService ex;
    synchronized (lock) {
      closed = true;
      ex = executor;
    }
    if (ex != null) {
      ex.shutdown();
      try {
        if (!ex.awaitTermination(5, TimeUnit.SECONDS)) {
          ex.shutdownNow();
        }
      } catch (InterruptedException e) {
        ex.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    synchronized (lock) {
      closeChannel();
    }
  }

  /** The sink refused a batch; the tailer rewound and will deliver it again. */
  public static final class SinkException extends IOException {
    SinkException(Exception cause) {
      super("sink refused a batch: " + cause.getClass().getSimpleName(), cause);
    }
  }
}
