package dev.vigil.streams.ocsf;

import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps one decoded Vigil record to OCSF 1.8.0 JSON (plain Java, no Kafka): security signals to
 * Detection Findings, posture findings to Compliance Findings, failover triggers to Incident
 * Findings, audited operator commands and rule changes to Entity Management events. Never throws: a
 * record that must not be exported is {@link Exported.Rejected}.
 *
 * <p>Fail closed on provenance: a signal or posture finding without the redactor's rule-set headers
 * was not written by the redactor and is never exported.
 */
public final class OcsfMapper {
  private final String productVersion;

  /** {@code productVersion} goes to {@code metadata.product.version}. */
  public OcsfMapper(String productVersion) {
    this.productVersion = Objects.requireNonNull(productVersion, "productVersion");
  }

  /**
   * The OCSF event for {@code value} read from {@code provenance.topic()}; {@code ledger} holds the
   * open posture violations (used and updated for posture findings only).
   */
  public Exported map(
      String key, SpecificRecord value, Provenance provenance, PostureLedger ledger) {
    try {
      if (value instanceof SecuritySignal s) {
        return redacted(provenance)
            ? SignalMapping.map(keyOr(key, s.getService()), s, provenance, productVersion)
            : notRedacted();
      }
      if (value instanceof PostureFinding p) {
        return redacted(provenance)
            ? PostureMapping.map(keyOr(key, p.getService()), p, provenance, productVersion, ledger)
            : notRedacted();
      }
      if (value instanceof FailoverTrigger t) {
        return IncidentMapping.map(keyOr(key, t.getService()), t, provenance, productVersion);
      }
      if (value instanceof AuditRecord a) {
        return AuditMapping.map(keyOr(key, a.getSubject()), a, provenance, productVersion);
      }
      return new Exported.Rejected(
          "map", "UnsupportedType", "no OCSF mapping for " + value.getSchema().getName());
    } catch (RuntimeException e) {
      return new Exported.Rejected("map", e.getClass().getSimpleName(), "mapping failed");
    }
  }

  private static boolean redacted(Provenance provenance) {
    return provenance.ruleSet().isPresent();
  }

  private static Exported notRedacted() {
    return new Exported.Rejected(
        "provenance",
        "NotRedacted",
        "no vigil.ruleset.id/version headers: not written by the redactor");
  }

  private static String keyOr(String key, String fallback) {
    return key != null ? key : fallback;
  }
}
