package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.signing.CommandSigning;
import dev.vigil.schemas.signing.SignatureRefusal;
import dev.vigil.schemas.signing.Verifier;
import java.time.Duration;
import java.time.Instant;

/**
 * The check a command passes before anything else when {@code failover.commands.requireSignature}
 * is on: signed by a listed key (signature over the canonical encoding, {@link CommandSigning}),
 * issued within {@code maxAge} and not beyond the clock skew, and a nonce not seen in an accepted
 * command of this service. The seen nonces live in the service's state (changelogged), pruned once
 * older than {@code maxAge}: a replay is refused also after a restart, and an older one is stale.
 */
final class CommandSignatures {
  /** The outcome: accepted (and by whom), or refused (and, if known, by whose key). */
  sealed interface Check {
    record Accepted(String keyId, String owner) implements Check {}

    record Refused(SignatureRefusal reason, String owner, String detail) implements Check {}
  }

  private CommandSignatures() {}

  /** Checks {@code c}; an accepted command's nonce is recorded in {@code s}. */
  static Check check(
      OperatorCommand c,
      Verifier verifier,
      ServiceState s,
      Instant now,
      Duration maxAge,
      Duration skew) {
    // kept for maxAge plus the clock skew: a successor instance whose clock is behind by up to the
    // skew still finds the nonce of a command it would not yet call stale
    s.seenNonces.values().removeIf(issued -> issued.isBefore(now.minus(maxAge).minus(skew)));
    Verifier.Result result = CommandSigning.verify(c, verifier);
    if (result instanceof Verifier.Result.Refused r) {
      return new Check.Refused(r.reason(), null, describe(r.reason()));
    }
    Verifier.Result.Valid valid = (Verifier.Result.Valid) result;
    Instant issued = c.getIssuedAt();
    if (issued.isBefore(now.minus(maxAge))) {
      return new Check.Refused(
          SignatureRefusal.STALE,
          valid.owner(),
          "issued_at is older than failover.commands.maxAge (" + maxAge + ")");
    }
    if (issued.isAfter(now.plus(skew))) {
      return new Check.Refused(
          SignatureRefusal.STALE,
          valid.owner(),
          "issued_at is more than failover.maxClockSkew (" + skew + ") in the future");
    }
    if (s.seenNonces.containsKey(c.getNonce())) {
      return new Check.Refused(
          SignatureRefusal.REPLAYED, valid.owner(), "nonce already used within " + maxAge);
    }
    s.seenNonces.put(c.getNonce(), issued);
    return new Check.Accepted(valid.keyId(), valid.owner());
  }

  private static String describe(SignatureRefusal reason) {
    return switch (reason) {
      case UNSIGNED -> "no signature, key id or nonce; failover.commands.requireSignature is on";
      case UNKNOWN_KEY -> "signed by a key id not listed in failover.commands.keys";
      case BAD_SIGNATURE -> "signature does not match the command";
      case REPLAYED, STALE, DOWNGRADE -> reason.label();
    };
  }
}
