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
 * @param tickInterval wall-clock punctuation: how often the services with a deadline due are
 *     re-evaluated (dwell, staleness, waiver expiry); 100ms..1m
 * @param liveCacheSize decoded service states kept in memory per task, least recently used evicted
 *     first (the state store keeps every service); 1..10,000,000
 */
public record FailoverSection(
    FailoverPolicy policy, String applicationId, Duration tickInterval, int liveCacheSize) {

  public static final String DEFAULT_APPLICATION_ID = FailoverApp.APPLICATION_ID;
  public static final Duration DEFAULT_TICK = FailoverTopology.DEFAULT_TICK;
  static final Duration MIN_TICK = Duration.ofMillis(100);
  static final Duration MAX_TICK = Duration.ofMinutes(1);
  public static final int DEFAULT_LIVE_CACHE_SIZE = FailoverTopology.DEFAULT_LIVE_CACHE_SIZE;
  static final int MAX_LIVE_CACHE_SIZE = 10_000_000;

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
    if (liveCacheSize < 1 || liveCacheSize > MAX_LIVE_CACHE_SIZE) {
      throw new ConfigKeyException(
          "failover.liveCacheSize", "must be between 1 and 10000000 but was " + liveCacheSize);
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
      @JsonProperty("tickInterval") String tickInterval,
      @JsonProperty("liveCacheSize") Integer liveCacheSize) {
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
        Durations.positive("failover.tickInterval", tickInterval, DEFAULT_TICK),
        Objects.requireNonNullElse(liveCacheSize, DEFAULT_LIVE_CACHE_SIZE));
  }

  /** All defaults (the correlator's deployment when the config has no {@code failover} key). */
  public static FailoverSection defaults() {
    return new FailoverSection(
        FailoverPolicy.defaults(), DEFAULT_APPLICATION_ID, DEFAULT_TICK, DEFAULT_LIVE_CACHE_SIZE);
  }
}
