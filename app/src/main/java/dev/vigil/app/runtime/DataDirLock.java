package dev.vigil.app.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Vigil process per data dir: an exclusive OS file lock on {@code <data-dir>/.lock}, held for
 * the life of a long-running command. Two processes on the same broker log directory corrupt it
 * (the second one's metadata log), so the second is refused before it starts anything. The lock
 * goes with the process (also on SIGKILL); the file stays, with the holder's pid in it.
 */
public final class DataDirLock implements AutoCloseable {
  /** The lock file's name under the data dir. */
  public static final String FILE = ".lock";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dataDir} (created if missing), or fails with the holder's pid when
   * another process has it.
   */
  public static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.toAbsolutePath().resolve(FILE);
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw new DataDirInUseException(dataDir.toAbsolutePath(), holder);
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      channel.force(false);
      return new DataDirLock(file, channel, lock);
    } catch (java.nio.channels.OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new DataDirInUseException(dataDir.toAbsolutePath(), "this process");
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock data dir " + dataDir.toAbsolutePath(), e);
    }
  }

  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(32);
    channel.read(buffer, 0);
    String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    return pid.matches("\\d{1,19}") ? "pid " + pid : "pid unknown";
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the first error is the one to report
      }
    }
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel below releases it too
    } finally {
      closeQuietly(channel);
    }
  }

  /** Another process (or this one) holds the data dir. */
  public static final class DataDirInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    DataDirInUseException(Path dataDir, String holder) {
      super(
          "data dir "
              + dataDir
              + " is in use by another vigil process ("
              + holder
              + "): stop it first, or give this one another --data-dir");
    }
  }
}
