package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.WebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The webhook signature as a receiver verifies it. */
class WebhookSignatureTest {
  private static final Secret SECRET = Secret.of("s3cret-for-tests");
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");
  private static final byte[] BODY = "{\"alert_id\":\"a1\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void shouldAcceptABodySignedWithTheSharedSecretRecently() {
    long ts = NOW.getEpochSecond();
    String sig = WebhookSignature.sign(SECRET, ts, BODY);

    assertThat(sig).startsWith("v1=").hasSize(3 + 64);
    assertThat(WebhookSignature.verify(SECRET, Long.toString(ts), sig, BODY, NOW, TOLERANCE))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void shouldMatchTheDocumentedHmacOverTimestampDotBody() throws Exception {
    // HMAC-SHA256("s3cret-for-tests", "1764817200." + body), as a receiver in any language computes
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            "s3cret-for-tests".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected =
        mac.doFinal(
            ("1764817200." + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));

    assertThat(WebhookSignature.sign(SECRET, 1764817200L, BODY))
        .isEqualTo("v1=" + java.util.HexFormat.of().formatHex(expected));
  }

  @Test
  void shouldRejectATamperedBodyAnotherSecretAndAnOldTimestamp() {
    long ts = NOW.getEpochSecond();
    String sig = WebhookSignature.sign(SECRET, ts, BODY);
    byte[] tampered = "{\"alert_id\":\"a2\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(WebhookSignature.verify(SECRET, Long.toString(ts), sig, tampered, NOW, TOLERANCE))
        .isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(
            WebhookSignature.verify(
                Secret.of("other"), Long.toString(ts), sig, BODY, NOW, TOLERANCE))
        .isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(
            WebhookSignature.verify(
                SECRET, Long.toString(ts), sig, BODY, NOW.plus(Duration.ofMinutes(6)), TOLERANCE))
        .isEqualTo(Verdict.STALE_TIMESTAMP);
    assertThat(WebhookSignature.verify(SECRET, Long.toString(ts + 1), sig, BODY, NOW, TOLERANCE))
        .isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(WebhookSignature.verify(SECRET, "yesterday", sig, BODY, NOW, TOLERANCE))
        .isEqualTo(Verdict.MALFORMED);
    assertThat(WebhookSignature.verify(SECRET, Long.toString(ts), "zz", BODY, NOW, TOLERANCE))
        .isEqualTo(Verdict.MALFORMED);
  }
}
