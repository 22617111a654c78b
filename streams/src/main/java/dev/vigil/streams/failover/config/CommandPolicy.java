package dev.vigil.streams.failover.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.ConfigKeyException;
import dev.vigil.schemas.config.Durations;
import dev.vigil.schemas.signing.TrustedKey;
import dev.vigil.schemas.signing.Verifier;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How operator commands are accepted ({@code failover.commands}).
 *
 * @param maxAge a command whose {@code issued_at} is older than this when the correlator reads it
 *     is refused (and audited): a command held back or replayed later must not steer a failover
 * @param twoPersonRule which commands need a second, different operator
 * @param keys operator public keys by key id, each with its owner: a signed command is accepted
 *     only when signed by one of them, and its audit record names that owner
 * @param requireSignature whether unsigned commands are refused; default: when any key is listed
 */
public record CommandPolicy(
    Duration maxAge,
    TwoPersonRule twoPersonRule,
    Map<String, TrustedKey> keys,
    boolean requireSignature) {
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  public CommandPolicy {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(twoPersonRule, "twoPersonRule");
    keys = Map.copyOf(keys);
    if (requireSignature && keys.isEmpty()) {
      throw new ConfigKeyException(
          "requireSignature", "requires at least one key in failover.commands.keys");
    }
  }

  /** Unsigned commands accepted (no keys): the layout before signed commands. */
  public CommandPolicy(Duration maxAge, TwoPersonRule twoPersonRule) {
    this(maxAge, twoPersonRule, Map.of(), false);
  }

  @JsonCreator
  public static CommandPolicy of(
      @JsonProperty("maxAge") String maxAge,
      @JsonProperty("twoPersonRule") TwoPersonRule twoPersonRule,
      @JsonProperty("keys") Map<String, TrustedKey> keys,
      @JsonProperty("requireSignature") Boolean requireSignature) {
    Map<String, TrustedKey> listed = new TreeMap<>(Objects.requireNonNullElse(keys, Map.of()));
    try {
      new Verifier(listed);
    } catch (IllegalArgumentException e) {
      throw new ConfigKeyException("keys", e.getMessage());
    }
    return new CommandPolicy(
        Durations.positive("maxAge", maxAge, DEFAULT_MAX_AGE),
        Objects.requireNonNullElse(twoPersonRule, TwoPersonRule.OFF),
        listed,
        Objects.requireNonNullElse(requireSignature, !listed.isEmpty()));
  }

  public static CommandPolicy defaults() {
    return of(null, null, null, null);
  }

  /** This policy with {@code keys} listed and signatures required. */
  public CommandPolicy signedBy(Map<String, TrustedKey> keys) {
    return new CommandPolicy(maxAge, twoPersonRule, keys, true);
  }

  /** A verifier over {@link #keys}. */
  public Verifier verifier() {
    return new Verifier(keys);
  }

  /**
   * The two-person rule ({@code failover.commands.twoPersonRule}): with {@code force} a FORCE takes
   * effect only when a second operator, different from the first, sends FORCE for the same service
   * within {@code window}; with {@code approvePastFailingGate} the same holds for an APPROVE while
   * a gate on the target fails (unwaived). The first command is audited as pending.
   */
  public record TwoPersonRule(boolean force, boolean approvePastFailingGate, Duration window) {
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    public static final TwoPersonRule OFF = new TwoPersonRule(false, false, DEFAULT_WINDOW);

    public TwoPersonRule {
      Objects.requireNonNull(window, "window");
    }

    @JsonCreator
    public static TwoPersonRule of(
        @JsonProperty("force") Boolean force,
        @JsonProperty("approvePastFailingGate") Boolean approvePastFailingGate,
        @JsonProperty("window") String window) {
      return new TwoPersonRule(
          Objects.requireNonNullElse(force, false),
          Objects.requireNonNullElse(approvePastFailingGate, false),
          Durations.positive("window", window, DEFAULT_WINDOW));
    }
  }
}
