package dev.vigil.ingest.parse;

import java.util.Objects;

/**
 * One record of sensor output as read from a file or socket.
 *
 * @param text the record without its line terminator (a pretty-printed EVE record spans lines)
 * @param stream identity of the stream it came from: for files the file key (device and inode), so
 *     a renamed file keeps its identity; for sockets the listener, e.g. {@code syslog-udp}
 * @param position byte offset of the record in its stream, or {@link #NO_POSITION} for datagrams
 *     and socket messages
 */
public record RawRecord(String text, String stream, long position) {

  public static final long NO_POSITION = -1;

  public RawRecord {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(stream, "stream");
  }

  /** A record without stream position (tests, HTTP, datagrams). */
  public static RawRecord of(String text, String stream) {
    return new RawRecord(text, stream, NO_POSITION);
  }
}
