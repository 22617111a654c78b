package dev.vigil.ingest.event;

import dev.vigil.schemas.avro.EvidenceScope;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The scope a collector gives the findings and signals of one source (a tailer, the syslog
 * listener, the posture checks): the whole site, one segment (zone) of it, or one service. One rule
 * for the config and for the ingest records that carry it; messages name the key, never a secret.
 */
public final class ScopeRules {
  /** Segment ids, as the failover config declares them on services. */
  public static final Pattern SEGMENT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,63}");

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
   * else.
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
    if (segment.isPresent() && !SEGMENT_ID.matcher(segment.get()).matches()) {
      throw new IllegalArgumentException(
          "segment must match " + SEGMENT_ID + " but was '" + segment.get() + "'");
    }
  }
}
