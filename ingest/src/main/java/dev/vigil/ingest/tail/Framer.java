package dev.vigil.ingest.tail;

import java.util.List;

/**
 * Cuts complete lines into records. Stateful; one instance per tailed file, not thread-safe. {@link
 * LineFramer} makes one record per non-blank line; {@link MultiLineJsonFramer} joins the lines of
 * pretty-printed JSON objects.
 */
public interface Framer {

  /**
   * Feeds one complete line.
   *
   * @param line the line without its terminator ({@code \n} or {@code \r\n})
   * @param offset byte offset of the line's first byte
   * @param endOffset byte offset just past its terminator
   * @return the records this line completed, often none or one
   */
  List<Frame> accept(String line, long offset, long endOffset);

  /** True when no partial record is held, so a checkpoint may point past the last line. */
  boolean idle();

  /**
   * The partial record held, if any, as a final record: the file ended (it was rotated away).
   *
   * @param endOffset the file's end, used as the record's end offset
   */
  List<Frame> flush(long endOffset);

  /** Drops any partial record (truncation, rewind after a failed hand-off). */
  void reset();
}
