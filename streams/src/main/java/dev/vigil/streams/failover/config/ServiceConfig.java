package dev.vigil.streams.failover.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One service under failover control ({@code services.<name>}). Ranges are checked by {@link
 * FailoverConfig}, which knows the key path.
 *
 * @param active the site that carries traffic normally (the "home" site failback returns to)
 * @param standby the site a failover moves traffic to
 * @param quorum how many vantage points must agree before a site is declared DOWN or UP
 * @param failureThreshold consecutive FAIL results per vantage point that count as a DOWN vote
 * @param successThreshold consecutive PASS results per vantage point that count as an UP vote
 * @param staleTimeout a vantage point silent for longer no longer votes; a site with fewer than
 *     {@code quorum} voting vantage points is UNKNOWN (wall clock)
 * @param segments segments (zones) the service runs in, on both sites: SEGMENT-scoped evidence of
 *     the target site for one of them counts for this service, besides SITE-scoped evidence and its
 *     own
 */
public record ServiceConfig(
    String active,
    String standby,
    int quorum,
    int failureThreshold,
    int successThreshold,
    Duration staleTimeout,
    List<String> segments) {

  public static final int DEFAULT_QUORUM = 2;
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;
  public static final int DEFAULT_SUCCESS_THRESHOLD = 2;
  public static final Duration DEFAULT_STALE_TIMEOUT = Duration.ofSeconds(60);

  public ServiceConfig {
    Objects.requireNonNull(staleTimeout, "staleTimeout");
    segments = List.copyOf(new TreeSet<>(segments));
  }

  /** {@link #of(String, String, Integer, Integer, Integer, String, List)} without segments. */
  public static ServiceConfig of(
      String active,
      String standby,
      Integer quorum,
      Integer failureThreshold,
      Integer successThreshold,
      String staleTimeout) {
    return of(active, standby, quorum, failureThreshold, successThreshold, staleTimeout, null);
  }

  @JsonCreator
  public static ServiceConfig of(
      @JsonProperty("active") String active,
      @JsonProperty("standby") String standby,
      @JsonProperty("quorum") Integer quorum,
      @JsonProperty("failureThreshold") Integer failureThreshold,
      @JsonProperty("successThreshold") Integer successThreshold,
      @JsonProperty("staleTimeout") String staleTimeout,
      @JsonProperty("segments") List<String> segments) {
    return new ServiceConfig(
        active,
        standby,
        Objects.requireNonNullElse(quorum, DEFAULT_QUORUM),
        Objects.requireNonNullElse(failureThreshold, DEFAULT_FAILURE_THRESHOLD),
        Objects.requireNonNullElse(successThreshold, DEFAULT_SUCCESS_THRESHOLD),
        Durations.positive("staleTimeout", staleTimeout, DEFAULT_STALE_TIMEOUT),
        Objects.requireNonNullElse(segments, List.of()));
  }

  /** The other site of the pair. */
  public String otherSite(String site) {
    return site.equals(active) ? standby : active;
  }
}
