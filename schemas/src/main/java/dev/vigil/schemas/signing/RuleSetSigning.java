package dev.vigil.schemas.signing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs and checks redaction rule sets as published on {@code vigil.rules.v1}. The signature
 * travels in the record value itself, as its last line, a YAML comment: {@code # vigil-signature:
 * <keyId> <base64 signature>}. A YAML reader ignores it, and it stays with the text wherever the
 * text is kept (the redactor's global store is restored from the topic's values, without headers).
 * The signature covers the tag {@code vigil.ruleset.v1}, the key id and the UTF-8 text before that
 * line, each as a 4-byte big-endian length and its bytes.
 */
public final class RuleSetSigning {
  static final String TAG = "vigil.ruleset.v1";
  static final String PREFIX = "# vigil-signature: ";

  private RuleSetSigning() {}

  /** A rule set text and its signature line, if it has one. */
  public record Signed(String text, Optional<String> keyId, Optional<byte[]> signature) {}

  /** {@code text} with a signature line appended (a newline is added before it when missing). */
  public static String sign(String text, SigningKey key) {
    String body = text.endsWith("\n") ? text : text + "\n";
    return body
        + PREFIX
        + key.keyId()
        + " "
        + Base64.getEncoder().encodeToString(key.sign(canonical(body, key.keyId())))
        + "\n";
  }

  /** Splits a published value into the text and its signature line. */
  public static Signed split(String value) {
    String trimmed = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    int at = trimmed.lastIndexOf('\n') + 1;
    String last = trimmed.substring(at);
    if (!last.startsWith(PREFIX)) {
      return new Signed(value, Optional.empty(), Optional.empty());
    }
    String[] parts = last.substring(PREFIX.length()).trim().split(" ");
    String body = value.substring(0, at);
    if (parts.length != 2) {
      return new Signed(body, Optional.empty(), Optional.empty());
    }
    try {
      return new Signed(
          body, Optional.of(parts[0]), Optional.of(Base64.getDecoder().decode(parts[1])));
    } catch (IllegalArgumentException e) {
      return new Signed(body, Optional.of(parts[0]), Optional.of(new byte[0]));
    }
  }

  /** Checks a published value's signature line against the listed keys. */
  public static Verifier.Result verify(String value, Verifier verifier) {
    Signed s = split(value);
    if (s.keyId().isEmpty() || s.signature().isEmpty()) {
      return new Verifier.Result.Refused(SignatureRefusal.UNSIGNED);
    }
    return verifier.verify(
        s.keyId().get(), canonical(s.text(), s.keyId().get()), s.signature().get());
  }

  static byte[] canonical(String text, String keyId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 64);
    for (String field : new String[] {TAG, keyId, text}) {
      byte[] b = field.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
      out.writeBytes(b);
    }
    return out.toByteArray();
  }
}
