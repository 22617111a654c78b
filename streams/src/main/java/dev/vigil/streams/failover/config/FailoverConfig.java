package dev.vigil.streams.failover.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.ConfigKeyException;
import dev.vigil.schemas.event.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The failover part of the {@code vigil} YAML (docs/design.md §6, §9): the top-level keys {@code
 * sites}, {@code services}, {@code failover} and {@code gates}. Validated once at construction;
 * every error is a {@link ConfigKeyException} naming the key.
 */
public record FailoverConfig(
    List<String> sites,
    SortedMap<String, ServiceConfig> services,
    FailoverPolicy failover,
    GatesConfig gates) {

  public FailoverConfig {
    sites = List.copyOf(sites);
    services = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(services));
    Objects.requireNonNull(failover, "failover");
    Objects.requireNonNull(gates, "gates");
    validate(sites, services, failover);
  }

  @JsonCreator
  public static FailoverConfig of(
      @JsonProperty("sites") List<String> sites,
      @JsonProperty("services") Map<String, ServiceConfig> services,
      @JsonProperty("failover") FailoverPolicy failover,
      @JsonProperty("gates") GatesConfig gates) {
    return new FailoverConfig(
        Objects.requireNonNullElse(sites, List.of()),
        new TreeMap<>(Objects.requireNonNullElse(services, Map.of())),
        Objects.requireNonNullElseGet(failover, FailoverPolicy::defaults),
        Objects.requireNonNullElseGet(gates, GatesConfig::defaults));
  }

  /** The service's config, or null when the service is not under failover control. */
  public ServiceConfig service(String name) {
    return services.get(name);
  }

  /**
   * A stable version of this config: {@code cfg-} and the first 16 hex digits of SHA-256 over a
   * canonical text of every normalised value (defaults filled in, durations in milliseconds, maps
   * sorted). Two files that differ only in formatting, key order or spelled-out defaults have the
   * same version.
   */
  public String configVersion() {
    StringBuilder b = new StringBuilder("vigil-failover-config/1\n");
    b.append("sites=").append(sites).append('\n');
    services.forEach(
        (name, s) ->
            b.append("service=")
                .append(name)
                .append(',')
                .append(s.active())
                .append(',')
                .append(s.standby())
                .append(',')
                .append(s.quorum())
                .append(',')
                .append(s.failureThreshold())
                .append(',')
                .append(s.successThreshold())
                .append(',')
                .append(s.staleTimeout().toMillis())
                .append(',')
                .append(s.segments())
                .append('\n'));
    FailoverPolicy f = failover;
    b.append("prepareDwell=").append(f.prepareDwell().toMillis()).append('\n');
    for (TrafficStep step : f.steps()) {
      b.append("step=")
          .append(step.percent())
          .append(',')
          .append(step.dwell().toMillis())
          .append(',')
          .append(step.approval())
          .append('\n');
    }
    b.append("cooldown=").append(f.cooldown().toMillis()).append('\n');
    Backoff bo = f.backoff();
    b.append("backoff=")
        .append(bo.initial().toMillis())
        .append(',')
        .append(Double.toString(bo.multiplier()))
        .append(',')
        .append(bo.max().toMillis())
        .append(',')
        .append(bo.resetAfter().toMillis())
        .append('\n');
    b.append("failback=").append(f.failback()).append('\n');
    b.append("securityFailover=").append(f.securityFailover()).append('\n');
    b.append("triggerValidity=").append(f.triggerValidity().toMillis()).append('\n');
    b.append("maxWaiver=").append(f.maxWaiver().toMillis()).append('\n');
    b.append("waiverWarning=").append(f.waiverWarning().toMillis()).append('\n');
    b.append("maxClockSkew=").append(f.maxClockSkew().toMillis()).append('\n');
    CommandPolicy.TwoPersonRule tp = f.commands().twoPersonRule();
    b.append("commands=")
        .append(f.commands().maxAge().toMillis())
        .append(',')
        .append(tp.force())
        .append(',')
        .append(tp.approvePastFailingGate())
        .append(',')
        .append(tp.window().toMillis())
        .append('\n');
    GatesConfig g = gates;
    b.append("drift=")
        .append(g.drift().enabled())
        .append(',')
        .append(g.drift().severity())
        .append(',')
        .append(g.drift().maxAge().toMillis());
    b.append("\nidsHeartbeat=")
        .append(g.idsHeartbeat().enabled())
        .append(',')
        .append(g.idsHeartbeat().maxAge().toMillis());
    b.append("\ncertificate=")
        .append(g.certificate().enabled())
        .append(',')
        .append(g.certificate().margin().toMillis())
        .append(',')
        .append(g.certificate().maxAge().toMillis());
    new TreeMap<>(g.certificate().fingerprints())
        .forEach(
            (svc, bySite) ->
                new TreeMap<>(bySite)
                    .forEach(
                        (site, fp) ->
                            b.append("\nfingerprint=")
                                .append(svc)
                                .append(',')
                                .append(site)
                                .append(',')
                                .append(fp)));
    b.append("\nkeySync=")
        .append(g.keySync().enabled())
        .append(',')
        .append(g.keySync().maxAge().toMillis());
    b.append("\nintrusion=")
        .append(g.intrusion().enabled())
        .append(',')
        .append(g.intrusion().severity())
        .append(',')
        .append(g.intrusion().window().toMillis())
        .append('\n');
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return "cfg-" + HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static void validate(
      List<String> sites, Map<String, ServiceConfig> services, FailoverPolicy failover) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < sites.size(); i++) {
      String site = sites.get(i);
      requireId("sites[" + i + "]", site);
      if (!seen.add(site)) {
        throw new ConfigKeyException("sites[" + i + "]", "site '" + site + "' is listed twice");
      }
    }
    services.forEach((name, s) -> validateService(name, s, seen));
    validatePolicy(failover);
  }

  private static void validateService(String name, ServiceConfig s, Set<String> sites) {
    requireId("services.*", name);
    String p = "services." + name;
    if (s == null) {
      throw new ConfigKeyException(p, "must be a mapping with active and standby");
    }
    for (String role : List.of("active", "standby")) {
      String site = role.equals("active") ? s.active() : s.standby();
      if (site == null) {
        throw new ConfigKeyException(p + "." + role, "is required");
      }
      if (!sites.contains(site)) {
        throw new ConfigKeyException(
            p + "." + role, "site '" + site + "' is not in sites " + List.copyOf(sites));
      }
    }
    if (s.active().equals(s.standby())) {
      throw new ConfigKeyException(
          p + ".standby", "must differ from active ('" + s.active() + "')");
    }
    atLeastOne(p + ".quorum", s.quorum());
    atLeastOne(p + ".failureThreshold", s.failureThreshold());
    atLeastOne(p + ".successThreshold", s.successThreshold());
    for (int i = 0; i < s.segments().size(); i++) {
      String segment = s.segments().get(i);
      requireId(p + ".segments[" + i + "]", segment);
    }
  }

  /** Site, service and segment ids follow the one identifier rule; the value is never echoed. */
  private static void requireId(String key, String value) {
    if (value == null) {
      throw new ConfigKeyException(key, "is required");
    }
    try {
      Identifiers.requireCanonical(key, value);
    } catch (Identifiers.InvalidIdentifierException e) {
      throw new ConfigKeyException(key, e.problem());
    }
  }

  private static void validatePolicy(FailoverPolicy f) {
    List<TrafficStep> steps = f.steps();
    if (steps.isEmpty()) {
      throw new ConfigKeyException("failover.steps", "needs at least one step (ending at 100)");
    }
    int previous = 0;
    for (int i = 0; i < steps.size(); i++) {
      int pct = steps.get(i).percent();
      if (pct <= previous || pct > 100) {
        throw new ConfigKeyException(
            "failover.steps[" + i + "].percent",
            "must be greater than the previous step ("
                + previous
                + ") and at most 100 but was "
                + pct);
      }
      previous = pct;
    }
    if (previous != 100) {
      throw new ConfigKeyException(
          "failover.steps[" + (steps.size() - 1) + "].percent",
          "the last step must be 100 but was " + previous);
    }
    Backoff b = f.backoff();
    if (!(b.multiplier() >= 1.0) || Double.isInfinite(b.multiplier())) {
      throw new ConfigKeyException(
          "failover.backoff.multiplier", "must be at least 1 but was " + b.multiplier());
    }
    if (b.max().compareTo(b.initial()) < 0) {
      throw new ConfigKeyException(
          "failover.backoff.max", "must not be shorter than failover.backoff.initial");
    }
    if (f.waiverWarning().compareTo(f.maxWaiver()) >= 0) {
      throw new ConfigKeyException(
          "failover.waiverWarning", "must be shorter than failover.maxWaiver");
    }
  }

  private static void atLeastOne(String key, int value) {
    if (value < 1) {
      throw new ConfigKeyException(key, "must be at least 1 but was " + value);
    }
  }
}
