package dev.vigil.schemas.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a generic record into its generated class by an Avro binary round trip. Unlike {@code
 * SpecificData.deepCopy}, this applies the class's logical-type conversions ({@code long} to {@code
 * Instant}, {@code String} to {@code UUID}).
 */
final class SpecificRecords {
  private SpecificRecords() {}

  static <T extends SpecificRecord> T fromGeneric(GenericRecord generic, Class<T> type) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
      new GenericDatumWriter<GenericRecord>(generic.getSchema(), GenericData.get())
          .write(generic, encoder);
      encoder.flush();
      return new SpecificDatumReader<>(type)
          .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory Avro round trip failed", e);
    }
  }
}
