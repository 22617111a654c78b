package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.FailoverState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The content of a snapshot as a hash: hex SHA-256 of its Avro binary encoding. Equal snapshots
 * encode equally (the site-health map is sorted), different ones differently. Hashing the bytes
 * directly (not a hex text of them) halves the cost; it runs for every input event.
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
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
