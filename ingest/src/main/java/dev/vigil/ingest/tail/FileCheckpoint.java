package dev.vigil.ingest.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * A checkpoint in a small properties file, replaced atomically: the new content is written to a
 * temporary file in the same directory, forced to disk, and renamed over the old one, so a crash
 * leaves either the old or the new position, never a torn one. A file that cannot be read is
 * treated as absent (the tailer then starts per its start position) rather than stopping the
 * collector; this is logged by the tailer.
 */
public final class FileCheckpoint implements Checkpoint {

  private static final String VERSION = "1";

  private final Path file;

  public FileCheckpoint(Path file) {
    this.file = file;
  }

  /**
   * The checkpoint for {@code tailed} inside {@code dir}: {@code <file name>.<hash of the absolute
   * path>.checkpoint}, so two files with one name in different directories do not collide.
   */
  public static FileCheckpoint forTailedFile(Path dir, Path tailed) {
    String abs = tailed.toAbsolutePath().normalize().toString();
    String hash = HexFormat.of().formatHex(sha256(abs)).substring(0, 16);
    return new FileCheckpoint(dir.resolve(tailed.getFileName() + "." + hash + ".checkpoint"));
  }

  public Path file() {
    return file;
  }

  @Override
  public Optional<Position> load() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(reader);
    }
    String key = p.getProperty("file_key");
    String offset = p.getProperty("offset");
    if (!VERSION.equals(p.getProperty("version")) || key == null || offset == null) {
      throw new IOException("checkpoint " + file.getFileName() + " is incomplete");
    }
    try {
      return Optional.of(new Position(key, Long.parseLong(offset)));
    } catch (IllegalArgumentException e) {
      throw new IOException("checkpoint " + file.getFileName() + " has a bad offset", e);
    }
  }

  @Override
  public void save(Position position) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String content =
        "version="
            + VERSION
            + "\n"
            + "file_key="
            + escape(position.fileKey())
            + "\n"
            + "offset="
            + position.offset()
            + "\n";
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String escape(String s) {
    Properties p = new Properties();
    p.setProperty("k", s);
    var w = new java.io.StringWriter();
    try {
      p.store(w, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString()
        .lines()
        .filter(l -> l.startsWith("k="))
        .findFirst()
        .orElseThrow()
        .substring(2);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
