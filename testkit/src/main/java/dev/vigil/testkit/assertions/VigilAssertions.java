package dev.vigil.testkit.assertions;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.FailoverTrigger;
import org.assertj.core.api.Assertions;

/**
 * AssertJ entry point with Vigil's domain assertions: one static import ({@code import static
 * dev.vigil.testkit.assertions.VigilAssertions.assertThat;}) gives AssertJ's {@code assertThat} for
 * everything and a domain assertion for triggers, alerts and audit records, whose failure messages
 * name the trigger, alert or record instead of dumping it.
 *
 * <pre>{@code
 * assertThat(h.lastTrigger()).hasStage(TriggerStage.BLOCKED).isBlockedOnlyBy(GateName.INTRUSION);
 * assertThat(alert).isTrigger().hasSeverity(AlertSeverity.SEV1).atSite("dr");
 * assertThat(record).hasAction("keys.created").byActor("ops-bob").isKeyed();
 * }</pre>
 */
public class VigilAssertions extends Assertions {
  protected VigilAssertions() {}

  /** Assertions on a failover trigger: stage, service, traffic, gates. */
  public static TriggerAssert assertThat(FailoverTrigger actual) {
    return new TriggerAssert(actual);
  }

  /** Assertions on an alert: action, severity, site, evidence. */
  public static AlertAssert assertThat(Alert actual) {
    return new AlertAssert(actual);
  }

  /** Assertions on one audit record: action, actor, chain, details, keyed MAC. */
  public static AuditRecordAssert assertThat(AuditRecord actual) {
    return new AuditRecordAssert(actual);
  }
}
