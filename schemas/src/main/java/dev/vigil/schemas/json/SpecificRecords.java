package dev.vigil.schemas.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a generic record into its generated class by an Avro binary round trip. Unlike {@code
 * SpecificData.deepCopy}, this applies the class's logical-type conversions ({@code long} to {@code
 * Instant}, {@code String} to {@code UUID}).
 */
final class SpecificRecords {
  /**
   * Writer and reader per (writer schema, class): building a reader resolves the two schemas and
   * looks classes up, which costs more than the round trip itself. Both are thread-safe.
   */
  private static final Map<Key, Codec> CODECS = new ConcurrentHashMap<>();

  private SpecificRecords() {}

  private record Key(Schema schema, Class<?> type) {}

  private record Codec(GenericDatumWriter<GenericRecord> writer, SpecificDatumReader<?> reader) {}

  static <T extends SpecificRecord> T fromGeneric(GenericRecord generic, Class<T> type) {
    Codec codec =
        CODECS.computeIfAbsent(
            new Key(generic.getSchema(), type),
            k ->
                new Codec(
                    new GenericDatumWriter<>(k.schema(), GenericData.get()),
                    new SpecificDatumReader<>(k.schema(), SpecificData.get().getSchema(type))));
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
      codec.writer().write(generic, encoder);
      encoder.flush();
      return type.cast(
          codec.reader().read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null)));
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory Avro round trip failed", e);
    }
  }
}
