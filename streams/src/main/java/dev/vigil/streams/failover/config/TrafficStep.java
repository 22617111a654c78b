package dev.vigil.streams.failover.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.ConfigKeyException;
import dev.vigil.schemas.config.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * One SHIFT step ({@code failover.steps[i]}).
 *
 * @param percent share of traffic on the target once this step is applied, 1-100
 * @param dwell how long the target must stay healthy and gated at this step before the next stage
 * @param approval when true the machine waits for an operator APPROVE before issuing this step
 *     (like an Argo Rollouts {@code pause: {}})
 */
public record TrafficStep(int percent, Duration dwell, boolean approval) {

  public static final Duration DEFAULT_DWELL = Duration.ofSeconds(30);

  public TrafficStep {
    Objects.requireNonNull(dwell, "dwell");
  }

  @JsonCreator
  public static TrafficStep of(
      @JsonProperty("percent") Integer percent,
      @JsonProperty("dwell") String dwell,
      @JsonProperty("approval") Boolean approval) {
    if (percent == null) {
      throw new ConfigKeyException("percent", "is required");
    }
    return new TrafficStep(
        percent,
        Durations.parse("dwell", dwell, DEFAULT_DWELL),
        Objects.requireNonNullElse(approval, false));
  }

  public static TrafficStep of(int percent, Duration dwell) {
    return new TrafficStep(percent, dwell, false);
  }
}
