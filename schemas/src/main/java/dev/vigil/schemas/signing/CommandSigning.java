package dev.vigil.schemas.signing;

import dev.vigil.schemas.avro.OperatorCommand;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Signs and checks operator commands. The signature covers the canonical encoding ({@link
 * #canonical}): the ASCII tag {@code vigil.operator-command.v1}, then, in this order, {@code
 * command_id}, {@code service}, {@code action} (enum name), {@code gate} (enum name or null),
 * {@code reason}, {@code issued_at} and {@code expires_at} (epoch milliseconds in decimal, or
 * null), {@code nonce} and {@code key_id}; each as a 4-byte big-endian length and its UTF-8 bytes,
 * a null as length -1. Lengths make the encoding unambiguous (no field can spill into the next).
 * The typed {@code operator} name is not covered: the verified key's owner replaces it.
 */
public final class CommandSigning {
  static final String TAG = "vigil.operator-command.v1";

  /** A nonce: 16 to 64 URL-safe base64 characters (what {@link #newNonce()} writes: 22). */
  public static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");

  private static final SecureRandom RANDOM = new SecureRandom();

  private CommandSigning() {}

  /** 128 random bits, URL-safe base64 without padding. */
  public static String newNonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** {@code command} with a fresh nonce, the key id and the signature set. */
  public static OperatorCommand sign(OperatorCommand command, SigningKey key) {
    OperatorCommand withIds =
        OperatorCommand.newBuilder(command)
            .setKeyId(key.keyId())
            .setNonce(newNonce())
            .setSignature(null)
            .build();
    return OperatorCommand.newBuilder(withIds)
        .setSignature(Base64.getEncoder().encodeToString(key.sign(canonical(withIds))))
        .build();
  }

  /**
   * Checks the signature; a command with a missing or malformed nonce counts as unsigned (the nonce
   * is what makes a replay detectable).
   */
  public static Verifier.Result verify(OperatorCommand command, Verifier verifier) {
    if (command.getNonce() == null || !NONCE.matcher(command.getNonce()).matches()) {
      return new Verifier.Result.Refused(SignatureRefusal.UNSIGNED);
    }
    byte[] signature = null;
    if (command.getSignature() != null) {
      try {
        signature = Base64.getDecoder().decode(command.getSignature());
      } catch (IllegalArgumentException e) {
        return new Verifier.Result.Refused(SignatureRefusal.BAD_SIGNATURE);
      }
    }
    return verifier.verify(command.getKeyId(), canonical(command), signature);
  }

  /** The bytes the signature covers (see the class comment). */
  public static byte[] canonical(OperatorCommand c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    field(out, TAG);
    field(out, c.getCommandId());
    field(out, c.getService());
    field(out, c.getAction() == null ? null : c.getAction().name());
    field(out, c.getGate() == null ? null : c.getGate().name());
    field(out, c.getReason());
    field(out, millis(c.getIssuedAt()));
    field(out, millis(c.getExpiresAt()));
    field(out, c.getNonce());
    field(out, c.getKeyId());
    return out.toByteArray();
  }

  private static String millis(Instant t) {
    return t == null ? null : Long.toString(t.toEpochMilli());
  }

  private static void field(ByteArrayOutputStream out, String value) {
    if (value == null) {
      out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
      return;
    }
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
    out.writeBytes(b);
  }
}
