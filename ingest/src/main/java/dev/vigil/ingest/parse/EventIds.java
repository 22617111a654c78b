package dev.vigil.ingest.parse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic event ids, so that re-reading the same record (after a restart, a replay from the
 * checkpoint, or a resend over syslog) yields the same {@code event_id} and downstream
 * de-duplication drops the copy.
 *
 * <p>The id is a name-based UUID (version 5, SHA-1) in a fixed Vigil namespace over {@code source,
 * stream, position, index, SHA-256(text)}: the position keeps two identical lines at different
 * offsets of a file apart (they are two events), the index numbers the events one record yields.
 * Records without a position (datagrams) are identified by content alone, so two byte-identical
 * datagrams from one sender become one event.
 */
public final class EventIds {

  /** Namespace of Vigil's collector event ids (a random UUID fixed forever). */
  public static final UUID NAMESPACE = UUID.fromString("6b0f3c0e-8a52-4f4e-9d55-3f1f4b6c2a71");

  private EventIds() {}

  /** The id of the {@code index}-th event parsed from {@code record} for {@code ctx}. */
  public static UUID forRecord(SourceContext ctx, RawRecord record, int index) {
    byte[] contentHash = sha256(record.text().getBytes(StandardCharsets.UTF_8));
    String name =
        ctx.source()
            + '\u0000'
            + record.stream()
            + '\u0000'
            + record.position()
            + '\u0000'
            + index
            + '\u0000'
            + hex(contentHash);
    return nameBased(name);
  }

  /** An id for a derived event (heartbeats), from its identifying parts. */
  public static UUID derived(String... parts) {
    return nameBased(String.join("\u0000", parts));
  }

  static UUID nameBased(String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(toBytes(NAMESPACE));
      byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
      ByteBuffer buffer = ByteBuffer.wrap(hash, 0, 16);
      return new UUID(buffer.getLong(), buffer.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JRE", e);
    }
  }

  private static byte[] toBytes(UUID uuid) {
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }
}
