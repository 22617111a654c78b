package dev.vigil.ingest.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** Reads spooled records in sequence order, across segment files. Single-threaded. */
final class SpoolCursor implements Closeable {
  private final ConcurrentSkipListMap<Long, Segment> segments;
  private Segment segment;
  private FileChannel channel;
  private long position;
  private long nextSeq;

  SpoolCursor(ConcurrentSkipListMap<Long, Segment> segments, long fromSeq) throws IOException {
    this.segments = segments;
    this.nextSeq = fromSeq;
    Map.Entry<Long, Segment> e = segments.floorEntry(fromSeq);
    if (e == null) {
      e = segments.firstEntry();
    }
    if (e != null) {
      open(e.getValue());
    }
  }

  /** The sequence number of the next record this cursor returns. */
  long nextSeq() {
    return nextSeq;
  }

  /** Up to {@code maxRecords}/{@code maxBytes} records with {@code seq <= upToSeq}. */
  List<SpoolEntry> next(int maxRecords, long maxBytes, long upToSeq) throws IOException {
    List<SpoolEntry> out = new ArrayList<>();
    long bytes = 0;
    while (out.size() < maxRecords && bytes < maxBytes && nextSeq <= upToSeq) {
      if (segment == null) {
        Map.Entry<Long, Segment> e = segments.ceilingEntry(0L);
        if (e == null) {
          break;
        }
        open(e.getValue());
      }
      SpoolEntry entry = SpoolCodec.read(channel, position, segment.size);
      if (entry == null) {
        Map.Entry<Long, Segment> following = segments.higherEntry(segment.firstSeq);
        if (following == null) {
          break; // end of the active segment
        }
        open(following.getValue());
        continue;
      }
      position += entry.frameBytes();
      if (entry.seq() < nextSeq) {
        continue; // positioning after open
      }
      if (entry.seq() != nextSeq) {
        throw new IOException("spool sequence gap: expected " + nextSeq + " got " + entry.seq());
      }
      out.add(entry);
      bytes += entry.frameBytes();
      nextSeq++;
    }
    return out;
  }

  private void open(Segment seg) throws IOException {
    close();
    segment = seg;
    channel = seg.openReader();
    position = 0;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
