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
    line(b, "sites", sites);
    services.forEach(
        (name, s) ->
            line(
                b,
                "service",
                name,
                s.active(),
                s.standby(),
                s.quorum(),
                s.failureThreshold(),
                s.successThreshold(),
                s.staleTimeout().toMillis(),
                s.segments()));
    canonicalPolicy(b, failover);
    canonicalGates(b, gates);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return "cfg-" + HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static void canonicalPolicy(StringBuilder b, FailoverPolicy f) {
    line(b, "prepareDwell", f.prepareDwell().toMillis());
    for (TrafficStep step : f.steps()) {
      line(b, "step", step.percent(), step.dwell().toMillis(), step.approval());
    }
    line(b, "cooldown", f.cooldown().toMillis());
    Backoff bo = f.backoff();
    line(
        b,
        "backoff",
        bo.initial().toMillis(),
        Double.toString(bo.multiplier()),
        bo.max().toMillis(),
        bo.resetAfter().toMillis());
    line(b, "failback", f.failback());
    line(b, "securityFailover", f.securityFailover());
    line(b, "triggerValidity", f.triggerValidity().toMillis());
    line(b, "maxWaiver", f.maxWaiver().toMillis());
    line(b, "waiverWarning", f.waiverWarning().toMillis());
    line(b, "maxClockSkew", f.maxClockSkew().toMillis());
    CommandPolicy.TwoPersonRule tp = f.commands().twoPersonRule();
    line(
        b,
        "commands",
        f.commands().maxAge().toMillis(),
        tp.force(),
        tp.approvePastFailingGate(),
        tp.window().toMillis());
  }

  private static void canonicalGates(StringBuilder b, GatesConfig g) {
    line(b, "drift", g.drift().enabled(), g.drift().severity(), g.drift().maxAge().toMillis());
    line(b, "idsHeartbeat", g.idsHeartbeat().enabled(), g.idsHeartbeat().maxAge().toMillis());
    line(
        b,
        "certificate",
        g.certificate().enabled(),
        g.certificate().margin().toMillis(),
        g.certificate().maxAge().toMillis());
    new TreeMap<>(g.certificate().fingerprints())
        .forEach(
            (svc, bySite) ->
                new TreeMap<>(bySite).forEach((site, fp) -> line(b, "fingerprint", svc, site, fp)));
    line(b, "keySync", g.keySync().enabled(), g.keySync().maxAge().toMillis());
    line(
        b,
        "intrusion",
        g.intrusion().enabled(),
        g.intrusion().severity(),
        g.intrusion().window().toMillis());
  }

  /** One line of the canonical text: {@code key=v1,v2,...}. */
  private static void line(StringBuilder b, String key, Object... values) {
    b.append(key).append('=');
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : ",").append(values[i]);
    }
    b.append('\n');
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
