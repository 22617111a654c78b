package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.event.EvidenceScopes;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Site- and segment-wide posture evidence, by scope key ({@link #key}), read by the gates of every
 * service on that site (and segment) at decision time instead of being copied into each service's
 * state: one site-wide intrusion is one record in one table, whatever the number of services.
 */
@FunctionalInterface
public interface ScopeEvidence {
  /** No site- or segment-wide evidence. */
  ScopeEvidence NONE = key -> null;

  /** The evidence stored under {@code key}, or null. Callers never modify it. */
  SiteState get(String key);

  /** A view of a map (tests; the topology keeps its own map backed by a store). */
  static ScopeEvidence of(Map<String, SiteState> byKey) {
    return byKey::get;
  }

  /** {@code site} for site-wide evidence, {@code site/segment} for a segment's. */
  static String key(String site, String segment) {
    return segment == null ? site : site + "/" + segment;
  }

  /** The scope key of a SITE- or SEGMENT-scoped finding or signal, or null for anything else. */
  static String keyOf(SpecificRecord input) {
    EvidenceScope scope = EvidenceScopes.of(input).orElse(EvidenceScope.SERVICE);
    if (scope == EvidenceScope.SERVICE) {
      return null;
    }
    String site;
    CharSequence segment;
    if (input instanceof PostureFinding f) {
      site = f.getSite();
      segment = f.getSegment();
    } else {
      SecuritySignal s = (SecuritySignal) input;
      site = s.getSite();
      segment = s.getSegment();
    }
    return key(site, scope == EvidenceScope.SEGMENT ? segment.toString() : null);
  }
}
