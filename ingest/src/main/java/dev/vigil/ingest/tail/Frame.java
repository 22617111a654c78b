package dev.vigil.ingest.tail;

/**
 * A record cut from a byte stream by a {@link Framer}.
 *
 * @param text the record without its final line terminator
 * @param offset byte offset of the record's first byte
 * @param endOffset byte offset just past the record's last line terminator
 * @param oversized true if the record exceeded the size limit; its text is then empty and the
 *     consumer should count it as rejected
 */
public record Frame(String text, long offset, long endOffset, boolean oversized) {}
