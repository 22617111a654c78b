package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.streams.audit.AuditEntry;
import java.util.List;
import java.util.Optional;

/**
 * What one input or tick did to a service: the state to store and the effects to emit, in order.
 *
 * @param state the new state (store it under the service key)
 * @param triggers for {@code vigil.failover.triggers.v1}, key = service
 * @param alerts for {@code vigil.alerts.v1}, key = dedup_key
 * @param audit entries to seal into {@code vigil.audit.v1} with {@link
 *     dev.vigil.streams.audit.AuditChain}
 * @param transitions the incident transitions of this decision, oldest first, for the service's
 *     {@link TransitionLog}
 * @param snapshot for the compacted {@code vigil.failover.state.v1}, present only when something
 *     other than {@code updated_at} changed since the last snapshot
 */
public record Decision(
    ServiceState state,
    List<FailoverTrigger> triggers,
    List<Alert> alerts,
    List<AuditEntry> audit,
    List<TransitionLogEntry> transitions,
    Optional<FailoverState> snapshot) {

  public Decision {
    triggers = List.copyOf(triggers);
    alerts = List.copyOf(alerts);
    audit = List.copyOf(audit);
    transitions = List.copyOf(transitions);
  }

  /** True when nothing needs to be emitted (the state may still have changed). */
  public boolean quiet() {
    return triggers.isEmpty() && alerts.isEmpty() && audit.isEmpty() && snapshot.isEmpty();
  }
}
