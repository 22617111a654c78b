package dev.vigil.streams.failover;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids: the first 32 hex digits (128 bits) of SHA-256 over the parts, each written as
 * {@code <utf-8 length>:<utf-8 bytes>} so no choice of part contents can make two part lists
 * collide. The same inputs and state give the same ids on every replay.
 */
final class Ids {
  private Ids() {}

  static String of(String... parts) {
    return hash(parts).substring(0, 32);
  }

  static String hash(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        byte[] b = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
        sha.update((b.length + ":").getBytes(StandardCharsets.UTF_8));
        sha.update(b);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** {@code inc-} + id of (service, cause, the event that crossed the threshold, incident seq). */
  static String incident(String service, String cause, String crossingEventId, long seq) {
    return "inc-" + of("incident", service, cause, crossingEventId, Long.toString(seq));
  }

  /** {@code trg-} + id of (service, incident, stage, step, occurrence of that stage/step). */
  static String trigger(String service, String incidentId, String stage, int step, int nth) {
    return "trg-"
        + of("trigger", service, incidentId, stage, Integer.toString(step), Integer.toString(nth));
  }
}
