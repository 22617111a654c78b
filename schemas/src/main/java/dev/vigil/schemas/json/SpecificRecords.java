package dev.vigil.schemas.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a generic record into its generated class by an Avro binary round trip. Unlike {@code
 * SpecificData.deepCopy}, this applies the class's logical-type conversions ({@code long} to {@code
 * Instant}, {@code String} to {@code UUID}).
 *
 * <p>The datum writer and reader of a class, and the buffers, are built once per thread: building a
 * {@code SpecificDatumReader} resolves the schema and compiles a fast reader, which cost more than
 * the round trip itself (profile of the HTTP ingest path, docs/benchmarks/ingest-http.md).
 */
final class SpecificRecords {
  private static final ClassValue<ThreadLocal<RoundTrip<?>>> ROUND_TRIPS =
      new ClassValue<>() {
        @Override
        protected ThreadLocal<RoundTrip<?>> computeValue(Class<?> type) {
          return ThreadLocal.withInitial(() -> new RoundTrip<>(type));
        }
      };

  private SpecificRecords() {}

  @SuppressWarnings("unchecked")
  static <T extends SpecificRecord> T fromGeneric(GenericRecord generic, Class<T> type) {
    return ((RoundTrip<T>) ROUND_TRIPS.get(type).get()).convert(generic);
  }

  /** One thread's writer, reader and buffers for one class. */
  private static final class RoundTrip<T> {
    private final SpecificDatumReader<T> reader;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private GenericDatumWriter<GenericRecord> writer;
    private Schema writerSchema;
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    RoundTrip(Class<T> type) {
      this.reader = new SpecificDatumReader<>(type);
    }

    T convert(GenericRecord generic) {
      try {
        if (generic.getSchema() != writerSchema) {
          writerSchema = generic.getSchema();
          writer = new GenericDatumWriter<>(writerSchema, GenericData.get());
        }
        bytes.reset();
        encoder = EncoderFactory.get().directBinaryEncoder(bytes, encoder);
        writer.write(generic, encoder);
        encoder.flush();
        decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), decoder);
        return reader.read(null, decoder);
      } catch (IOException e) {
        throw new UncheckedIOException("in-memory Avro round trip failed", e);
      }
    }
  }
}
