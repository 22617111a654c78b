package dev.vigil.streams.failover.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a failover proceeds ({@code failover}): PREPARE, then the SHIFT {@code steps}, then COMPLETE.
 *
 * @param prepareDwell wait after PREPARE before the first SHIFT step
 * @param steps SHIFT traffic steps, strictly increasing percentages ending at 100
 * @param cooldown no automatic failover for this long after an incident ends (ARC {@code
 *     WaitPeriodMs})
 * @param backoff growing hold-off for repeated incidents
 * @param failback MANUAL (default) or AUTOMATIC
 * @param securityFailover ALERT_ONLY (default) or FAILOVER on an intrusion on the active site
 * @param triggerValidity a trigger's {@code valid_until} is its issue time plus this
 * @param maxWaiver longest accepted gate waiver
 * @param waiverWarning raise an alert this long before a waiver expires
 * @param maxClockSkew an input whose {@code observed_at} (command: {@code issued_at}) lies more
 *     than this in the future of the correlator's clock is not applied (quarantined or refused)
 * @param commands how operator commands are accepted (age bound, two-person rule)
 */
public record FailoverPolicy(
    Duration prepareDwell,
    List<TrafficStep> steps,
    Duration cooldown,
    Backoff backoff,
    FailbackMode failback,
    SecurityFailoverMode securityFailover,
    Duration triggerValidity,
    Duration maxWaiver,
    Duration waiverWarning,
    Duration maxClockSkew,
    CommandPolicy commands) {

  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(2);

  public static final List<TrafficStep> DEFAULT_STEPS =
      List.of(
          TrafficStep.of(10, Duration.ofSeconds(30)),
          TrafficStep.of(50, Duration.ofSeconds(30)),
          TrafficStep.of(100, Duration.ofSeconds(60)));

  public FailoverPolicy {
    Objects.requireNonNull(prepareDwell, "prepareDwell");
    steps = List.copyOf(steps);
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(failback, "failback");
    Objects.requireNonNull(securityFailover, "securityFailover");
    Objects.requireNonNull(triggerValidity, "triggerValidity");
    Objects.requireNonNull(maxWaiver, "maxWaiver");
    Objects.requireNonNull(waiverWarning, "waiverWarning");
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    Objects.requireNonNull(commands, "commands");
  }

  @JsonCreator
  public static FailoverPolicy of(
      @JsonProperty("prepareDwell") String prepareDwell,
      @JsonProperty("steps") List<TrafficStep> steps,
      @JsonProperty("cooldown") String cooldown,
      @JsonProperty("backoff") Backoff backoff,
      @JsonProperty("failback") FailbackMode failback,
      @JsonProperty("securityFailover") SecurityFailoverMode securityFailover,
      @JsonProperty("triggerValidity") String triggerValidity,
      @JsonProperty("maxWaiver") String maxWaiver,
      @JsonProperty("waiverWarning") String waiverWarning,
      @JsonProperty("maxClockSkew") String maxClockSkew,
      @JsonProperty("commands") CommandPolicy commands) {
    return new FailoverPolicy(
        Durations.parse("prepareDwell", prepareDwell, Duration.ofSeconds(30)),
        Objects.requireNonNullElse(steps, DEFAULT_STEPS),
        Durations.parse("cooldown", cooldown, Duration.ofMinutes(10)),
        Objects.requireNonNullElse(backoff, Backoff.DEFAULTS),
        Objects.requireNonNullElse(failback, FailbackMode.MANUAL),
        Objects.requireNonNullElse(securityFailover, SecurityFailoverMode.ALERT_ONLY),
        Durations.positive("triggerValidity", triggerValidity, Duration.ofMinutes(5)),
        Durations.positive("maxWaiver", maxWaiver, Duration.ofHours(24)),
        Durations.parse("waiverWarning", waiverWarning, Duration.ofMinutes(15)),
        Durations.parse("maxClockSkew", maxClockSkew, DEFAULT_MAX_CLOCK_SKEW),
        Objects.requireNonNullElseGet(commands, CommandPolicy::defaults));
  }

  public static FailoverPolicy defaults() {
    return of(null, null, null, null, null, null, null, null, null, null, null);
  }

  /** This policy with {@code commands} as its operator-command policy. */
  public FailoverPolicy withCommands(CommandPolicy commands) {
    return new FailoverPolicy(
        prepareDwell,
        steps,
        cooldown,
        backoff,
        failback,
        securityFailover,
        triggerValidity,
        maxWaiver,
        waiverWarning,
        maxClockSkew,
        commands);
  }
}
