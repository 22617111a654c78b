package dev.vigil.streams.failover.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How operator commands are accepted ({@code failover.commands}).
 *
 * @param maxAge a command whose {@code issued_at} is older than this when the correlator reads it
 *     is refused (and audited): a command held back or replayed later must not steer a failover
 * @param twoPersonRule which commands need a second, different operator
 */
public record CommandPolicy(Duration maxAge, TwoPersonRule twoPersonRule) {
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  public CommandPolicy {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(twoPersonRule, "twoPersonRule");
  }

  @JsonCreator
  public static CommandPolicy of(
      @JsonProperty("maxAge") String maxAge,
      @JsonProperty("twoPersonRule") TwoPersonRule twoPersonRule) {
    return new CommandPolicy(
        Durations.positive("maxAge", maxAge, DEFAULT_MAX_AGE),
        Objects.requireNonNullElse(twoPersonRule, TwoPersonRule.OFF));
  }

  public static CommandPolicy defaults() {
    return of(null, null);
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
