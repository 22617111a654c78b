package dev.vigil.alerts;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How webhook requests are signed, and how a receiver verifies them. Vigil sends
 *
 * <pre>
 * X-Vigil-Timestamp: 1733337600                      (Unix seconds at sending)
 * X-Vigil-Signature: v1=&lt;hex HMAC-SHA256(secret, timestamp + "." + body)&gt;
 * </pre>
 *
 * A receiver recomputes the HMAC over the timestamp header, a dot and the raw body bytes, compares
 * in constant time, rejects timestamps more than its tolerance (5 minutes is usual) from its own
 * clock, and — to reject a replay inside that window — remembers the {@code alert_id} of the body
 * (or the signature) until the window has passed. A retry by Vigil is signed afresh with a new
 * timestamp but keeps the {@code alert_id}.
 */
public final class WebhookSignature {
  public static final String TIMESTAMP_HEADER = "X-Vigil-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Vigil-Signature";
  public static final String SCHEME = "v1=";

  private WebhookSignature() {}

  /** The {@code X-Vigil-Signature} value for {@code body} sent at {@code timestamp}. */
  public static String sign(Secret secret, long timestampSeconds, byte[] body) {
    return SCHEME + HexFormat.of().formatHex(mac(secret, timestampSeconds, body));
  }

  /** Why a request failed verification; {@code VALID} when it did not. */
  public enum Verdict {
    VALID,
    BAD_SIGNATURE,
    STALE_TIMESTAMP,
    MALFORMED
  }

  /**
   * Verifies a received request as a receiver should (replays by alert id are up to the caller).
   */
  public static Verdict verify(
      Secret secret,
      String timestampHeader,
      String signatureHeader,
      byte[] body,
      Instant now,
      Duration tolerance) {
    long ts;
    try {
      ts = Long.parseLong(timestampHeader);
    } catch (NumberFormatException | NullPointerException e) {
      return Verdict.MALFORMED;
    }
    if (signatureHeader == null || !signatureHeader.startsWith(SCHEME)) {
      return Verdict.MALFORMED;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signatureHeader.substring(SCHEME.length()));
    } catch (IllegalArgumentException e) {
      return Verdict.MALFORMED;
    }
    if (!MessageDigest.isEqual(given, mac(secret, ts, body))) {
      return Verdict.BAD_SIGNATURE;
    }
    if (Duration.between(Instant.ofEpochSecond(ts), now).abs().compareTo(tolerance) > 0) {
      return Verdict.STALE_TIMESTAMP;
    }
    return Verdict.VALID;
  }

  private static byte[] mac(Secret secret, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
