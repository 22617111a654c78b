package dev.vigil.ingest.tail;

import dev.vigil.ingest.parse.RawRecord;
import java.nio.file.Path;

/**
 * A record read from a tailed file.
 *
 * @param text the record without its final line terminator
 * @param path the name the file was opened under (after a rotation the bytes may live under another
 *     name now; {@code fileKey} identifies the file)
 * @param fileKey identity of the file (device and inode)
 * @param offset byte offset of its first byte
 * @param endOffset byte offset just past it
 * @param oversized true if it exceeded the size limit; {@code text} is then empty
 */
public record Record(
    String text, Path path, String fileKey, long offset, long endOffset, boolean oversized) {

  /** The parser's view: stream identity is the file key, so renames do not change event ids. */
  public RawRecord toRaw() {
    return new RawRecord(text, fileKey, offset);
  }
}
