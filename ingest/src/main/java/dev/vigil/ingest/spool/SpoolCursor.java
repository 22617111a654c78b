package dev.vigil.ingest.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Reads spooled records in sequence order, across segment files. Single-threaded. Reads ahead in
 * chunks of {@value #CHUNK_BYTES} bytes (one read call for many records, not two per record); only
 * bytes below the segment's size at the time of the read, which are complete writes, are decoded.
 */
final class SpoolCursor implements Closeable {
  static final int CHUNK_BYTES = 1 << 20;

  private final ConcurrentSkipListMap<Long, Segment> segments;
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
  private Segment segment;
  private FileChannel channel;
  private long position;
  private long nextSeq;

  /** File position of {@code chunk}'s first byte; {@code chunk.limit()} bytes are valid. */
  private long chunkStart;

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
      SpoolEntry entry = read(segment.size);
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

  /** The frame at {@code position}, from the read-ahead chunk (refilled when it ends there). */
  private SpoolEntry read(long fileSize) throws IOException {
    SpoolEntry entry = fromChunk();
    if (entry != null) {
      return entry;
    }
    int length = (int) Math.min(CHUNK_BYTES, fileSize - position);
    if (length < SpoolCodec.HEADER_BYTES) {
      return null;
    }
    chunk.clear().limit(length);
    while (chunk.hasRemaining()) {
      if (channel.read(chunk, position + chunk.position()) < 0) {
        throw new IOException("unexpected end of spool segment");
      }
    }
    chunk.flip();
    chunkStart = position;
    entry = fromChunk();
    // A frame larger than the chunk (up to SpoolConfig.MAX_RECORD_BYTES) is read on its own.
    return entry != null ? entry : SpoolCodec.read(channel, position, fileSize);
  }

  private SpoolEntry fromChunk() {
    long offset = position - chunkStart;
    if (offset < 0 || offset >= chunk.limit()) {
      return null;
    }
    return SpoolCodec.decode(chunk.array(), (int) offset, chunk.limit() - (int) offset);
  }

  private void open(Segment seg) throws IOException {
    close();
    segment = seg;
    channel = seg.openReader();
    position = 0;
    chunk.clear().limit(0);
    chunkStart = 0;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
