package dev.vigil.ingest.event;

import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.event.Identifiers;
import java.util.Locale;
import java.util.Optional;

/**
 * The scope a collector gives the findings and signals of one source (a tailer, the syslog
 * listener, the posture checks): the whole site, one segment (zone) of it, or one service. One rule
 * for the config and for the ingest records that carry it; messages name the key, never a secret.
 */
public final class ScopeRules {
  private ScopeRules() {}

  /** {@code site}, {@code segment} or {@code service} (any case) → the scope. */
  public static EvidenceScope fromConfig(String value) {
    for (EvidenceScope s : EvidenceScope.values()) {
      if (s.name().equalsIgnoreCase(value.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "scope must be one of site, segment, service but was '" + value + "'");
  }

  /** The config name of a scope: {@code site}, {@code segment}, {@code service}. */
  public static String configName(EvidenceScope scope) {
    return scope.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Checks that {@code service} and {@code segment} fit {@code scope}: a service is required for
   * SERVICE (and informational otherwise), a segment is required for SEGMENT and allowed nowhere
   * else; both follow the identifier rule ({@link Identifiers}).
   *
   * @throws IllegalArgumentException naming the key ({@code service}, {@code segment}) that is
   *     wrong
   */
  public static void check(EvidenceScope scope, Optional<String> segment, String service) {
    if (scope == EvidenceScope.SERVICE && (service == null || service.isBlank())) {
      throw new IllegalArgumentException("service must be set when scope is service");
    }
    if (scope == EvidenceScope.SEGMENT && segment.isEmpty()) {
      throw new IllegalArgumentException("segment must be set when scope is segment");
    }
    if (scope != EvidenceScope.SEGMENT && segment.isPresent()) {
      throw new IllegalArgumentException(
          "segment is only allowed with scope: segment (scope is " + configName(scope) + ")");
    }
    segment.ifPresent(s -> Identifiers.requireCanonical("segment", s));
    if (service != null && !service.isEmpty()) {
      Identifiers.requireCanonical("service", service);
    }
  }
}
