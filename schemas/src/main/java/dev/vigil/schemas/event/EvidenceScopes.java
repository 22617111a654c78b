package dev.vigil.schemas.event;

import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The scope a posture finding or security signal applies to: its declared {@code scope}, else
 * SEGMENT when it names a segment, SITE when its service is empty, else SERVICE. One rule for
 * ingest (which rejects inconsistent events) and the correlator (which applies them).
 */
public final class EvidenceScopes {
  private EvidenceScopes() {}

  /** The effective scope of a finding or signal, or empty for any other record. */
  public static Optional<EvidenceScope> of(SpecificRecord event) {
    if (event instanceof PostureFinding f) {
      return Optional.of(effective(f.getScope(), f.getSegment(), f.getService()));
    } else if (event instanceof SecuritySignal s) {
      return Optional.of(effective(s.getScope(), s.getSegment(), s.getService()));
    }
    return Optional.empty();
  }

  /** The effective scope from the declared one (may be null), the segment and the service. */
  public static EvidenceScope effective(
      EvidenceScope declared, CharSequence segment, CharSequence service) {
    if (declared != null) {
      return declared;
    }
    if (segment != null) {
      return EvidenceScope.SEGMENT;
    }
    return service == null || service.length() == 0 ? EvidenceScope.SITE : EvidenceScope.SERVICE;
  }

  /**
   * Why the event's scope fields contradict each other (SERVICE without a service, SEGMENT without
   * a segment, an empty segment); empty when they are consistent or the record has no scope. The
   * text never contains a field's value.
   */
  public static Optional<Problem> inconsistency(SpecificRecord event) {
    EvidenceScope declared;
    CharSequence segment;
    CharSequence service;
    if (event instanceof PostureFinding f) {
      declared = f.getScope();
      segment = f.getSegment();
      service = f.getService();
    } else if (event instanceof SecuritySignal s) {
      declared = s.getScope();
      segment = s.getSegment();
      service = s.getService();
    } else {
      return Optional.empty();
    }
    if (segment != null && segment.length() == 0) {
      return Optional.of(new Problem("segment", "must not be empty (omit it instead)"));
    }
    EvidenceScope scope = effective(declared, segment, service);
    if (scope == EvidenceScope.SERVICE && (service == null || service.length() == 0)) {
      return Optional.of(new Problem("service", "required when scope is SERVICE"));
    }
    if (scope == EvidenceScope.SEGMENT && segment == null) {
      return Optional.of(new Problem("segment", "required when scope is SEGMENT"));
    }
    return Optional.empty();
  }

  /** A field whose value contradicts the event's scope, and why (never the value itself). */
  public record Problem(String field, String reason) {}
}
