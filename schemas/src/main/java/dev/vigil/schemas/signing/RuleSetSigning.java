package dev.vigil.schemas.signing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs and checks redaction rule sets as published on {@code vigil.rules.v1}. The signature
 * travels in the record value itself, as its last line, a YAML comment: {@code # vigil-signature:
 * <keyId> <base64 signature>}. A YAML reader ignores it, and it stays with the text wherever the
 * text is kept (the redactor's global store is restored from the topic's values, without headers).
 * The line is {@code # vigil-signature: <keyId> <issuedAtEpochMs> <nonce> <base64>}; the signature
 * covers the tag {@code vigil.ruleset.v2}, the key id, the issue time, the nonce and the UTF-8 text
 * before that line (which holds the rule set's id and version), each as a 4-byte big-endian length
 * and its bytes. The redactor's monotonic version check refuses a lower version and a replay of an
 * accepted one; time and nonce make every publication's signature unique.
 */
public final class RuleSetSigning {
  static final String TAG = "vigil.ruleset.v2";
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String PREFIX = "# vigil-signature: ";

  private RuleSetSigning() {}

  /** A rule set text and its signature line's parts, if it has a well-formed one. */
  public record Signed(
      String text,
      Optional<String> keyId,
      Optional<byte[]> signature,
      long issuedAtMillis,
      String nonce) {
    Signed(String text) {
      this(text, Optional.empty(), Optional.empty(), 0, "");
    }
  }

  /**
   * {@code text} with a signature line appended (a newline is added before it when missing), issued
   * now with a fresh random nonce.
   */
  public static String sign(String text, SigningKey key) {
    byte[] n = new byte[16];
    RANDOM.nextBytes(n);
    return sign(
        text, key, Instant.now(), Base64.getUrlEncoder().withoutPadding().encodeToString(n));
  }

  /** {@code text} signed with the given issue time and nonce (no spaces). */
  public static String sign(String text, SigningKey key, Instant issuedAt, String nonce) {
    if (nonce.isEmpty() || nonce.contains(" ") || nonce.contains("\n")) {
      throw new IllegalArgumentException("nonce must be non-empty without spaces");
    }
    String body = text.endsWith("\n") ? text : text + "\n";
    long at = issuedAt.toEpochMilli();
    return body
        + PREFIX
        + key.keyId()
        + " "
        + at
        + " "
        + nonce
        + " "
        + Base64.getEncoder().encodeToString(key.sign(canonical(body, key.keyId(), at, nonce)))
        + "\n";
  }

  /** Splits a published value into the text and its signature line. */
  public static Signed split(String value) {
    String trimmed = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    int at = trimmed.lastIndexOf('\n') + 1;
    String last = trimmed.substring(at);
    if (!last.startsWith(PREFIX)) {
      return new Signed(value);
    }
    String[] parts = last.substring(PREFIX.length()).trim().split(" ");
    String body = value.substring(0, at);
    if (parts.length != 4) {
      return new Signed(body); // also the v1 line without time and nonce: unsigned now
    }
    long issuedAt;
    try {
      issuedAt = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return new Signed(body);
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      signature = new byte[0];
    }
    return new Signed(body, Optional.of(parts[0]), Optional.of(signature), issuedAt, parts[2]);
  }

  /** Checks a published value's signature line against the listed keys. */
  public static Verifier.Result verify(String value, Verifier verifier) {
    Signed s = split(value);
    if (s.keyId().isEmpty() || s.signature().isEmpty()) {
      return new Verifier.Result.Refused(SignatureRefusal.UNSIGNED);
    }
    return verifier.verify(
        s.keyId().get(),
        canonical(s.text(), s.keyId().get(), s.issuedAtMillis(), s.nonce()),
        s.signature().get());
  }

  static byte[] canonical(String text, String keyId, long issuedAtMillis, String nonce) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 96);
    for (String field : new String[] {TAG, keyId, Long.toString(issuedAtMillis), nonce, text}) {
      byte[] b = field.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
      out.writeBytes(b);
    }
    return out.toByteArray();
  }
}
