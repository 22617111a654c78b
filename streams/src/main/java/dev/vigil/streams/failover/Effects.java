package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.json.AvroJson;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the effects of one decision and builds the output records. Alert ids and trigger ids are
 * derived from the state, so a replay of the same inputs yields the same records.
 */
final class Effects {
  static final String ACTOR = "vigil-failover";

  private final ServiceState state;
  private final Instant now;
  private final Duration triggerValidity;
  private final String configVersion;
  final List<FailoverTrigger> triggers = new ArrayList<>();
  final List<Alert> alerts = new ArrayList<>();
  final List<AuditEntry> audit = new ArrayList<>();
  final List<TransitionLogEntry> transitions = new ArrayList<>();

  Effects(ServiceState state, Instant now, Duration triggerValidity, String configVersion) {
    this.state = state;
    this.now = now;
    this.triggerValidity = triggerValidity;
    this.configVersion = configVersion;
  }

  /** Issues a trigger for {@code incident} and audits it. */
  FailoverTrigger trigger(
      Incident incident,
      TriggerStage stage,
      int step,
      int percent,
      List<GateResult> gates,
      String reason) {
    String slot = stage + "/" + step;
    int nth = incident.issued.getOrDefault(slot, 0);
    incident.issued.put(slot, nth + 1);
    FailoverTrigger t =
        FailoverTrigger.newBuilder()
            .setTriggerId(Ids.trigger(state.service, incident.id, stage.name(), step, nth))
            .setIncidentId(incident.id)
            .setService(state.service)
            .setFromSite(incident.from)
            .setToSite(incident.to)
            .setStage(stage)
            .setStep(step)
            .setTrafficPercent(percent)
            .setGates(new ArrayList<>(gates))
            .setReason(reason)
            .setIssuedAt(now)
            .setValidUntil(now.plus(triggerValidity))
            .setConfigVersion(configVersion)
            .setEvidenceEventIds(new ArrayList<>(incident.evidence))
            .build();
    incident.lastStage = stage;
    incident.trafficPercent = percent;
    triggers.add(t);
    audit(
        ACTOR,
        AuditAction.TRIGGER,
        Map.of(
            "trigger_id", t.getTriggerId(),
            "incident_id", incident.id,
            "stage", stage.name(),
            "step", Integer.toString(step),
            "traffic_percent", Integer.toString(percent)),
        AvroJson.toJson(t).toString());
    return t;
  }

  /**
   * Triggers the alert {@code key}, unless it is already open with the same content (a changed
   * summary, severity or evidence re-sends TRIGGER under the same key, as PagerDuty expects).
   */
  void raise(
      String key,
      AlertSeverity severity,
      String site,
      String summary,
      List<String> evidence,
      Map<String, String> details) {
    List<String> sortedEvidence = evidence.stream().sorted().distinct().toList();
    String fingerprint =
        severity.name()
            + "|"
            + Ids.of(String.valueOf(site), summary, String.join(",", sortedEvidence));
    if (fingerprint.equals(state.openAlerts.get(key))) {
      return;
    }
    state.openAlerts.put(key, fingerprint);
    alerts.add(alert(key, AlertAction.TRIGGER, severity, site, summary, sortedEvidence, details));
  }

  /** Resolves the alert {@code key} if it is open. */
  void resolve(String key, String summary) {
    String open = state.openAlerts.remove(key);
    if (open == null) {
      return;
    }
    AlertSeverity severity = AlertSeverity.valueOf(open.substring(0, open.indexOf('|')));
    alerts.add(alert(key, AlertAction.RESOLVE, severity, null, summary, List.of(), Map.of()));
  }

  boolean isOpen(String key) {
    return state.openAlerts.containsKey(key);
  }

  /**
   * Records that {@code incident} moved to {@code to}: a {@code transition} audit record and an
   * entry for the service's {@link TransitionLog}. {@code step} is only used by SHIFT.
   */
  void transition(Incident incident, Transition to, int step, String reason) {
    audit(
        ACTOR,
        AuditAction.TRANSITION,
        Map.of("incident_id", incident.id, Transition.AUDIT_KEY, to.label(step), "reason", reason),
        null);
    transitions.add(
        new TransitionLogEntry(
            now,
            to,
            to == Transition.SHIFT ? step : 0,
            incident.trafficPercent,
            incident.id,
            incident.from,
            incident.to,
            reason));
  }

  void audit(String actor, AuditAction action, Map<String, String> details, String payloadJson) {
    audit.add(AuditEntry.of(now, actor, action, state.service, details, payloadJson));
  }

  private Alert alert(
      String key,
      AlertAction action,
      AlertSeverity severity,
      String site,
      String summary,
      List<String> evidence,
      Map<String, String> details) {
    long seq = ++state.effectSeq;
    return Alert.newBuilder()
        .setAlertId("alr-" + Ids.of("alert", state.service, Long.toString(seq)))
        .setDedupKey(key)
        .setAction(action)
        .setSeverity(severity)
        .setService(state.service)
        .setSite(site)
        .setSummary(summary)
        .setEvidence(new ArrayList<>(evidence))
        .setDetails(new TreeMap<>(details))
        .setCreatedAt(now)
        .build();
  }
}
