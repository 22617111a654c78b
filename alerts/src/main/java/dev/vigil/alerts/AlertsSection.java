package dev.vigil.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.config.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Delivery of {@code vigil.alerts.v1} to on-call (the {@code alerts} module). No destinations = the
 * dispatcher is not started.
 *
 * @param groupId consumer group of the dispatcher
 * @param resendInterval how often firing alerts are re-sent to Alertmanager
 * @param initialBackoff first retry delay
 * @param maxBackoff longest retry delay
 * @param failingAfter a destination failing this long raises a self-alert
 * @param maxQueued alerts queued for one destination before reading pauses
 * @param statusUrl public URL of the status page, for links in alerts
 * @param destinations where alerts go
 * @param selfMonitoring thresholds of Vigil's alerts on its own condition
 */
public record AlertsSection(
    String groupId,
    Duration resendInterval,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration failingAfter,
    int maxQueued,
    Optional<URI> statusUrl,
    List<DestinationEntry> destinations,
    SelfMonitoringSection selfMonitoring) {

  @JsonCreator
  static AlertsSection fromYaml(
      @JsonProperty("groupId") String groupId,
      @JsonProperty("resendInterval") String resendInterval,
      @JsonProperty("initialBackoff") String initialBackoff,
      @JsonProperty("maxBackoff") String maxBackoff,
      @JsonProperty("failingAfter") String failingAfter,
      @JsonProperty("maxQueued") Integer maxQueued,
      @JsonProperty("statusUrl") String statusUrl,
      @JsonProperty("destinations") List<DestinationEntry> destinations,
      @JsonProperty("selfMonitoring") SelfMonitoringSection selfMonitoring) {
    return new AlertsSection(
        Objects.requireNonNullElse(groupId, DispatcherSettings.DEFAULT_GROUP),
        Durations.parse("alerts.resendInterval", resendInterval, DispatcherSettings.DEFAULT_RESEND),
        Durations.parse(
            "alerts.initialBackoff", initialBackoff, DispatcherSettings.DEFAULT_INITIAL_BACKOFF),
        Durations.parse("alerts.maxBackoff", maxBackoff, DispatcherSettings.DEFAULT_MAX_BACKOFF),
        Durations.parse(
            "alerts.failingAfter", failingAfter, DispatcherSettings.DEFAULT_FAILING_AFTER),
        Objects.requireNonNullElse(maxQueued, DispatcherSettings.DEFAULT_MAX_QUEUED),
        Optional.ofNullable(statusUrl).map(u -> parseUrl("alerts.statusUrl", u)),
        destinations == null ? List.of() : destinations,
        Objects.requireNonNullElseGet(selfMonitoring, SelfMonitoringSection::defaults));
  }

  public AlertsSection {
    destinations = List.copyOf(destinations);
    Objects.requireNonNull(selfMonitoring, "selfMonitoring");
    if (!groupId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "alerts.groupId must match [A-Za-z0-9._-]+ but was '" + groupId + "'");
    }
    Set<String> names = new HashSet<>();
    for (DestinationEntry d : destinations) {
      if (!names.add(d.name())) {
        throw new IllegalArgumentException(
            "alerts.destinations: two destinations are named '" + d.name() + "'");
      }
    }
    // validates the durations and bounds (fields are assigned only after this body)
    new DispatcherSettings(
        groupId,
        resendInterval,
        initialBackoff,
        maxBackoff,
        failingAfter,
        maxQueued,
        statusUrl,
        Path.of("."));
  }

  /** The dispatcher's settings, parking rejected alerts under {@code <data-dir>/alerts-parked}. */
  public DispatcherSettings settings(Path dataDir) {
    return new DispatcherSettings(
        groupId,
        resendInterval,
        initialBackoff,
        maxBackoff,
        failingAfter,
        maxQueued,
        statusUrl,
        dataDir.resolve("alerts-parked"));
  }

  /** Every key at its default (no destinations: the dispatcher is not started). */
  public static AlertsSection defaults() {
    return fromYaml(null, null, null, null, null, null, null, null, null);
  }

  /**
   * One entry of {@code alerts.destinations}.
   *
   * @param name unique name ({@code [a-z0-9-]+})
   * @param type {@code alertmanager}, {@code pagerduty} or {@code webhook}
   * @param url Alertmanager base URL, webhook URL; PagerDuty defaults to its public Events API
   * @param minSeverity least urgent severity delivered ({@code SEV1}..{@code SEV4})
   * @param services only these services (empty = all)
   * @param sites only these sites (empty = all; alerts without a site pass)
   * @param perMinute rate limit
   * @param secretFile file holding the PagerDuty routing key or the webhook signing secret
   * @param secretEnv environment variable holding it instead
   */
  public record DestinationEntry(
      String name,
      DestinationType type,
      URI url,
      AlertSeverity minSeverity,
      List<String> services,
      List<String> sites,
      int perMinute,
      Optional<Path> secretFile,
      Optional<String> secretEnv) {

    @JsonCreator
    static DestinationEntry fromYaml(
        @JsonProperty("name") String name,
        @JsonProperty("type") String type,
        @JsonProperty("url") String url,
        @JsonProperty("minSeverity") String minSeverity,
        @JsonProperty("services") List<String> services,
        @JsonProperty("sites") List<String> sites,
        @JsonProperty("perMinute") Integer perMinute,
        @JsonProperty("secretFile") Path secretFile,
        @JsonProperty("secretEnv") String secretEnv) {
      if (type == null) {
        throw new IllegalArgumentException("type is required: alertmanager, pagerduty or webhook");
      }
      DestinationType t;
      try {
        t = DestinationType.valueOf(type.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "type must be alertmanager, pagerduty or webhook but was '" + type + "'");
      }
      AlertSeverity sev;
      try {
        sev =
            minSeverity == null
                ? AlertSeverity.SEV4
                : AlertSeverity.valueOf(minSeverity.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "minSeverity must be SEV1..SEV4 but was '" + minSeverity + "'");
      }
      URI u;
      if (url == null) {
        if (t != DestinationType.PAGERDUTY) {
          throw new IllegalArgumentException("url is required for a " + type + " destination");
        }
        u = Destination.PAGERDUTY_EVENTS;
      } else {
        u = parseUrl("url", url);
      }
      return new DestinationEntry(
          name,
          t,
          u,
          sev,
          services == null ? List.of() : services,
          sites == null ? List.of() : sites,
          Objects.requireNonNullElse(perMinute, 60),
          Optional.ofNullable(secretFile),
          Optional.ofNullable(secretEnv));
    }

    public DestinationEntry {
      services = List.copyOf(services);
      sites = List.copyOf(sites);
      if (secretFile.isPresent() && secretEnv.isPresent()) {
        throw new IllegalArgumentException("give secretFile or secretEnv, not both");
      }
      boolean needsSecret = type != DestinationType.ALERTMANAGER;
      if (needsSecret && secretFile.isEmpty() && secretEnv.isEmpty()) {
        throw new IllegalArgumentException(
            "a "
                + type.name().toLowerCase(Locale.ROOT)
                + " destination needs secretFile or secretEnv ("
                + (type == DestinationType.PAGERDUTY ? "routing key" : "signing secret")
                + ")");
      }
      // name, url and perMinute checks, without the secret (read at start)
      new Destination(
          name,
          type,
          url,
          route(minSeverity, services, sites),
          perMinute,
          needsSecret ? Optional.of(Secret.of("placeholder")) : Optional.empty());
    }

    /** The destination, its secret read now (file or environment). */
    public Destination resolve() {
      Optional<Secret> secret =
          secretFile.map(Secret::fromFile).or(() -> secretEnv.map(Secret::fromEnv));
      return new Destination(
          name, type, url, route(minSeverity, services, sites), perMinute, secret);
    }

    private static Route route(AlertSeverity min, List<String> services, List<String> sites) {
      return new Route(min, Set.copyOf(services), Set.copyOf(sites));
    }
  }

  private static URI parseUrl(String key, String value) {
    if (!value.matches("https?://.+")) {
      throw new IllegalArgumentException(key + " must be an http(s) URL but was '" + value + "'");
    }
    return URI.create(value);
  }

  /** The destinations with their secrets read (at start). */
  public List<Destination> resolveDestinations() {
    List<Destination> out = new ArrayList<>();
    for (DestinationEntry d : destinations) {
      out.add(d.resolve());
    }
    return out;
  }
}
