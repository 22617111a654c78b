package dev.vigil.kafka.serde;

import java.io.ByteArrayOutputStream;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 is the magic byte {@code 0x00}, bytes 1–4 the schema id as a
 * big-endian int32, then the Avro binary datum without a container header.
 */
public final class WireFormat {

  public static final byte MAGIC_BYTE = 0x00;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /**
   * The schema id of a framed record. Throws {@link SerializationException} naming the problem (not
   * the bytes) when {@code framed} is null, shorter than the header, or has another magic byte.
   */
  public static int schemaId(byte[] framed) {
    if (framed == null) {
      throw new SerializationException(
          "no data (null) where a Confluent-framed record was expected");
    }
    if (framed.length < HEADER_LENGTH) {
      throw new SerializationException(
          "record is "
              + framed.length
              + " bytes, shorter than the "
              + HEADER_LENGTH
              + "-byte Confluent header");
    }
    if (framed[0] != MAGIC_BYTE) {
      throw new SerializationException(
          String.format("unknown magic byte 0x%02x (expected 0x00)", framed[0] & 0xff));
    }
    return ((framed[1] & 0xff) << 24)
        | ((framed[2] & 0xff) << 16)
        | ((framed[3] & 0xff) << 8)
        | (framed[4] & 0xff);
  }

  /** Writes the magic byte and {@code schemaId} to {@code out}. */
  public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
    out.write(MAGIC_BYTE);
    out.write(schemaId >>> 24);
    out.write(schemaId >>> 16);
    out.write(schemaId >>> 8);
    out.write(schemaId);
  }

  /** Frames an already encoded Avro datum. */
  public static byte[] frame(int schemaId, byte[] avroDatum) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_LENGTH + avroDatum.length);
    writeHeader(out, schemaId);
    out.writeBytes(avroDatum);
    return out.toByteArray();
  }
}
