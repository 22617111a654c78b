package dev.vigil.ingest.parse;

import dev.vigil.ingest.event.ScopeRules;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.event.Identifiers;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Where parsed events come from, supplied by the collector configuration: the site the sensor
 * watches, the sensor or collector id written to {@code source}, the time zone used for formats
 * whose timestamps carry none (RFC 3164 syslog, fast.log), and what the evidence applies to: the
 * whole site, one segment of it, or one service ({@link ScopeRules}).
 *
 * @param service the events' service: required for SERVICE scope; for SITE and SEGMENT scope an
 *     optional label kept in the event for information (empty when not configured)
 * @param scope written as the events' declared {@code scope}
 * @param segment written as the events' {@code segment}; present exactly for SEGMENT scope
 */
public record SourceContext(
    String site,
    String service,
    String source,
    ZoneId zone,
    EvidenceScope scope,
    Optional<String> segment) {

  public SourceContext {
    Identifiers.requireCanonical("site", site);
    Objects.requireNonNull(service, "service");
    Identifiers.requireCanonical("source", source);
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(segment, "segment");
    ScopeRules.check(scope, segment, service);
  }

  /** A SERVICE-scoped context. */
  public SourceContext(String site, String service, String source, ZoneId zone) {
    this(site, service, source, zone, EvidenceScope.SERVICE, Optional.empty());
  }

  /** A SERVICE-scoped context whose zone-less timestamps are read as UTC. */
  public static SourceContext of(String site, String service, String source) {
    return new SourceContext(site, service, source, ZoneOffset.UTC);
  }

  /** A SITE-scoped context without a service label, zone-less timestamps read as UTC. */
  public static SourceContext siteWide(String site, String source) {
    return new SourceContext(
        site, "", source, ZoneOffset.UTC, EvidenceScope.SITE, Optional.empty());
  }

  /** This context with another scope (and segment, for SEGMENT). */
  public SourceContext withScope(EvidenceScope newScope, Optional<String> newSegment) {
    return new SourceContext(site, service, source, zone, newScope, newSegment);
  }
}
