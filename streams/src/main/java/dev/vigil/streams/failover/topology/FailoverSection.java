package dev.vigil.streams.failover.topology;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.ConfigKeyException;
import dev.vigil.schemas.config.Durations;
import dev.vigil.streams.failover.config.Backoff;
import dev.vigil.streams.failover.config.CommandPolicy;
import dev.vigil.streams.failover.config.FailbackMode;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.SecurityFailoverMode;
import dev.vigil.streams.failover.config.TrafficStep;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code failover} key: the engine's {@link FailoverPolicy} (every key but the last two, parsed
 * and defaulted by {@link FailoverPolicy#of}) and how the correlator is deployed.
 *
 * @param policy the engine's part
 * @param applicationId Kafka Streams application id of the correlator (its consumer group, the
 *     prefix of its internal topics); one per deployment on a cluster
 * @param tickInterval wall-clock punctuation: how often every stored service is re-evaluated
 *     (dwell, staleness, waiver expiry); 100ms..1m
 */
public record FailoverSection(FailoverPolicy policy, String applicationId, Duration tickInterval) {

  public static final String DEFAULT_APPLICATION_ID = FailoverApp.APPLICATION_ID;
  public static final Duration DEFAULT_TICK = FailoverTopology.DEFAULT_TICK;
  static final Duration MIN_TICK = Duration.ofMillis(100);
  static final Duration MAX_TICK = Duration.ofMinutes(1);

  public FailoverSection {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(tickInterval, "tickInterval");
    if (!applicationId.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new ConfigKeyException(
          "failover.applicationId",
          "must match [A-Za-z0-9._-]{1,100} but was '" + applicationId + "'");
    }
    if (tickInterval.compareTo(MIN_TICK) < 0 || tickInterval.compareTo(MAX_TICK) > 0) {
      throw new ConfigKeyException(
          "failover.tickInterval",
          "must be between 100ms and 1m but was " + tickInterval.toMillis() + "ms");
    }
  }

  @JsonCreator
  static FailoverSection fromYaml(
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
      @JsonProperty("commands") CommandPolicy commands,
      @JsonProperty("applicationId") String applicationId,
      @JsonProperty("tickInterval") String tickInterval) {
    FailoverPolicy p =
        FailoverPolicy.of(
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
    return new FailoverSection(
        p,
        Objects.requireNonNullElse(applicationId, DEFAULT_APPLICATION_ID),
        Durations.positive("failover.tickInterval", tickInterval, DEFAULT_TICK));
  }

  /** All defaults (the correlator's deployment when the config has no {@code failover} key). */
  public static FailoverSection defaults() {
    return new FailoverSection(FailoverPolicy.defaults(), DEFAULT_APPLICATION_ID, DEFAULT_TICK);
  }
}
