package dev.vigil.ingest.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The on-disk frame of one record: {@code int length, int crc32c(payload), payload}. The payload is
 * {@code long seq, topic, key, value, headers, eventId}; strings are {@code short length + UTF-8},
 * byte arrays {@code int length (-1 = null) + bytes}. A frame whose length is out of range, runs
 * past the end of the file or fails its CRC is a torn write (or corruption), never a record.
 */
final class SpoolCodec {
  static final int HEADER_BYTES = 8;

  private SpoolCodec() {}

  /** Encodes {@code entry} with sequence number {@code seq}; the buffer is ready to write. */
  static ByteBuffer encode(SpoolEntry entry, long seq) {
    byte[] topic = utf8(entry.topic());
    byte[] eventId = entry.eventId() == null ? new byte[0] : utf8(entry.eventId());
    int size = 8 + 2 + topic.length + 4 + len(entry.key()) + 4 + len(entry.value()) + 2;
    List<byte[]> headerKeys = new ArrayList<>(entry.headers().size());
    for (Header h : entry.headers()) {
      byte[] k = utf8(h.key());
      headerKeys.add(k);
      size += 2 + k.length + 4 + len(h.value());
    }
    size += 2 + eventId.length;
    if (size > SpoolConfig.MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "record of " + size + " bytes exceeds " + SpoolConfig.MAX_RECORD_BYTES);
    }
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + size);
    buf.position(HEADER_BYTES);
    buf.putLong(seq);
    putShortBytes(buf, topic);
    putBytes(buf, entry.key());
    putBytes(buf, entry.value());
    buf.putShort((short) entry.headers().size());
    for (int i = 0; i < entry.headers().size(); i++) {
      putShortBytes(buf, headerKeys.get(i));
      putBytes(buf, entry.headers().get(i).value());
    }
    putShortBytes(buf, eventId);
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), HEADER_BYTES, size);
    buf.putInt(0, size);
    buf.putInt(4, (int) crc.getValue());
    buf.position(0);
    return buf;
  }

  /**
   * Reads the frame at {@code position}, or null if no complete valid frame starts there (end of
   * file, torn write or corruption).
   */
  static SpoolEntry read(FileChannel channel, long position, long fileSize) throws IOException {
    if (fileSize - position < HEADER_BYTES) {
      return null;
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    readFully(channel, header, position);
    int size = header.getInt(0);
    if (size < 8 || size > SpoolConfig.MAX_RECORD_BYTES || fileSize - position - 8 < size) {
      return null;
    }
    ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + size);
    frame.put(header.flip());
    readFully(channel, frame, position);
    return decode(frame.array(), 0, frame.capacity());
  }

  /**
   * The frame at {@code offset} of {@code bytes}, where {@code available} bytes from {@code offset}
   * are file content: null if no complete valid frame starts there (end of file, torn write or
   * corruption), as {@link #read}.
   */
  static SpoolEntry decode(byte[] bytes, int offset, int available) {
    if (available < HEADER_BYTES) {
      return null;
    }
    ByteBuffer header = ByteBuffer.wrap(bytes, offset, HEADER_BYTES);
    int size = header.getInt(offset);
    int expectedCrc = header.getInt(offset + 4);
    if (size < 8 || size > SpoolConfig.MAX_RECORD_BYTES || available - HEADER_BYTES < size) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset + HEADER_BYTES, size);
    if ((int) crc.getValue() != expectedCrc) {
      return null;
    }
    ByteBuffer payload = ByteBuffer.wrap(bytes, offset + HEADER_BYTES, size);
    try {
      long seq = payload.getLong();
      String topic = getShortString(payload);
      byte[] key = getBytes(payload);
      byte[] value = getBytes(payload);
      int headerCount = payload.getShort();
      List<Header> headers = new ArrayList<>(headerCount);
      for (int i = 0; i < headerCount; i++) {
        headers.add(new RecordHeader(getShortString(payload), getBytes(payload)));
      }
      String eventId = getShortString(payload);
      return new SpoolEntry(
          seq,
          topic,
          key,
          value,
          List.copyOf(headers),
          eventId.isEmpty() ? null : eventId,
          HEADER_BYTES + size);
    } catch (RuntimeException e) {
      return null; // a valid CRC over an impossible layout: treat as corruption
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buf, long position)
      throws IOException {
    while (buf.hasRemaining()) {
      int n = channel.read(buf, position + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of spool segment");
      }
    }
  }

  private static byte[] utf8(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > Short.MAX_VALUE) {
      throw new IllegalArgumentException("string of " + b.length + " bytes is too long");
    }
    return b;
  }

  private static int len(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static void putShortBytes(ByteBuffer buf, byte[] b) {
    buf.putShort((short) b.length);
    buf.put(b);
  }

  private static void putBytes(ByteBuffer buf, byte[] b) {
    if (b == null) {
      buf.putInt(-1);
    } else {
      buf.putInt(b.length);
      buf.put(b);
    }
  }

  private static String getShortString(ByteBuffer buf) {
    int n = buf.getShort();
    if (n < 0) {
      throw new IllegalStateException("negative length");
    }
    byte[] b = new byte[n];
    buf.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] getBytes(ByteBuffer buf) {
    int n = buf.getInt();
    if (n == -1) {
      return null;
    }
    byte[] b = new byte[n];
    buf.get(b);
    return b;
  }
}
