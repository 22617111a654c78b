package dev.vigil.ingest.http;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.event.Identifiers;
import dev.vigil.schemas.json.EventTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What one collector's bearer token may publish through the HTTP API: the token's SHA-256 (hex),
 * the sites its events may name and the event kinds it may send. A backup-site collector bound to
 * {@code [backup]} cannot publish primary-site health.
 *
 * <p>In YAML ({@code ingest.http.tokens.<collector id>}) either the bare hash — an <em>unbound</em>
 * token, any site and any kind, kept for compatibility and warned about at start-up — or a map
 * {@code {sha256: …, sites: [backup], kinds: [health, posture]}}; {@code kinds} defaults to all
 * three, {@code sites} is required in the map form.
 *
 * @param sha256 lower-case hex SHA-256 of the token (64 digits)
 * @param sites sites the token's events may name; empty = any site (unbound)
 * @param kinds event kinds the token may publish; never empty
 */
public record CollectorGrant(String sha256, Set<String> sites, Set<EventKind> kinds) {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public CollectorGrant {
    if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "sha256 must be the SHA-256 of the token as 64 lower-case hex digits");
    }
    for (String site : sites) {
      Identifiers.requireCanonical("sites", site);
    }
    sites = Set.copyOf(new TreeSet<>(sites));
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("kinds must name at least one of health|security|posture");
    }
    kinds = Set.copyOf(EnumSet.copyOf(kinds));
  }

  /** A token that may publish any kind for any site (the bare-hash YAML form). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static CollectorGrant unbound(String sha256) {
    return new CollectorGrant(sha256, Set.of(), EnumSet.allOf(EventKind.class));
  }

  /** A token bound to the given sites, for all kinds. */
  public static CollectorGrant boundTo(String sha256, String... sites) {
    return new CollectorGrant(sha256, Set.of(sites), EnumSet.allOf(EventKind.class));
  }

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static CollectorGrant fromYaml(
      @JsonProperty("sha256") String sha256,
      @JsonProperty("sites") List<String> sites,
      @JsonProperty("kinds") List<String> kinds) {
    if (sites == null || sites.isEmpty()) {
      throw new IllegalArgumentException(
          "sites must list the sites this collector may publish for (the bare-hash form is the"
              + " unbound one)");
    }
    return new CollectorGrant(
        sha256,
        Set.copyOf(sites),
        kinds == null ? EnumSet.allOf(EventKind.class) : parseKinds(kinds));
  }

  private static Set<EventKind> parseKinds(Collection<String> names) {
    Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
    for (String name : names) {
      kinds.add(
          EventTypes.fromJsonName(Objects.requireNonNullElse(name, ""))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException("kinds: each must be health|security|posture")));
    }
    return kinds;
  }

  /** True when the token may publish for any site. */
  public boolean unboundSites() {
    return sites.isEmpty();
  }

  /**
   * Why an event of this kind naming this site is refused, or empty when it is permitted. The
   * reason names the collector and what it may publish (configuration, not the event's values).
   */
  Optional<String> refusal(String collector, EventKind kind, String site) {
    if (!kinds.contains(kind)) {
      List<String> allowed = new ArrayList<>();
      kinds.forEach(k -> allowed.add(EventTypes.jsonName(k)));
      return Optional.of(
          "kind: collector " + collector + " may publish " + String.join(", ", allowed) + " only");
    }
    if (!sites.isEmpty() && !sites.contains(site)) {
      return Optional.of(
          "site: collector "
              + collector
              + " may publish for "
              + String.join(", ", new TreeSet<>(sites))
              + " only");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "CollectorGrant[sites=" + sites + ", kinds=" + kinds + "]";
  }
}
