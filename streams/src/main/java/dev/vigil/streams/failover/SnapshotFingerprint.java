package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.FailoverState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The content of a snapshot as text to hash: its Avro binary encoding in hex. Equal snapshots
 * encode equally (the site-health map is sorted), different ones differently.
 */
final class SnapshotFingerprint {
  private static final ThreadLocal<SpecificDatumWriter<FailoverState>> WRITER =
      ThreadLocal.withInitial(() -> new SpecificDatumWriter<>(FailoverState.class));

  private SnapshotFingerprint() {}

  static String of(FailoverState state) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      WRITER.get().write(state, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a failover snapshot", e);
    }
    return HexFormat.of().formatHex(out.toByteArray());
  }
}
