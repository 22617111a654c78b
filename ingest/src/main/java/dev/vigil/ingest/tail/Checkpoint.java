package dev.vigil.ingest.tail;

import java.io.IOException;
import java.util.Optional;

/** Where a tailer resumes after a restart. */
public interface Checkpoint {

  /**
   * A position in one file.
   *
   * @param fileKey identity of the file (device and inode), independent of its name
   * @param offset byte offset of the first byte not yet handed off
   */
  record Position(String fileKey, long offset) {
    public Position {
      if (fileKey == null || fileKey.isEmpty() || offset < 0) {
        throw new IllegalArgumentException("need a file key and an offset >= 0");
      }
    }
  }

  Optional<Position> load() throws IOException;

  /** Stores {@code position} durably; called only after the consumer confirmed the records. */
  void save(Position position) throws IOException;
}
