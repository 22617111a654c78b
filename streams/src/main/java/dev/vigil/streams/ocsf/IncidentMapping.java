package dev.vigil.streams.ocsf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.TriggerStage;
import java.util.List;

/**
 * One stage of a staged failover as an OCSF Incident Finding (2005): one record per trigger, all
 * stages of an incident linked by {@code finding_info_list[0].uid} = {@code
 * metadata.correlation_uid} = the incident id. PREPARE creates the incident, SHIFT/HOLD/BLOCKED
 * update it, COMPLETE resolves and ABORT/ROLLBACK close it. The gate results (with waivers) and the
 * traffic split stay under {@code unmapped}.
 */
final class IncidentMapping {
  /** Who works failover incidents: the operators who approve, waive and abort. */
  static final String ASSIGNEE_GROUP = "vigil-operators";

  private IncidentMapping() {}

  /** Activity and status of a stage. */
  record StageState(int activityId, String activity, int statusId, String status) {}

  static StageState state(TriggerStage stage) {
    return switch (stage) {
      case PREPARE -> new StageState(1, "Create", 1, "New");
      case SHIFT -> new StageState(2, "Update", 2, "In Progress");
      case HOLD, BLOCKED -> new StageState(2, "Update", 3, "On Hold");
      case COMPLETE -> new StageState(3, "Close", 4, "Resolved");
      case ABORT, ROLLBACK -> new StageState(3, "Close", 5, "Closed");
    };
  }

  static Exported.Event map(
      String key, FailoverTrigger t, Provenance provenance, String productVersion) {
    StageState state = state(t.getStage());
    Envelope env =
        Envelope.of(
                OcsfClass.INCIDENT_FINDING, state.activityId(), state.activity(), productVersion)
            .severity(4, "High")
            .status(state.statusId(), state.status())
            .time(t.getIssuedAt())
            .metadata(t.getTriggerId(), t.getIncidentId(), provenance)
            .profiles("incident");
    ObjectNode event = env.event();
    event.put("status_detail", detail(t));
    event.put("desc", t.getReason());
    event.putObject("assignee_group").put("name", ASSIGNEE_GROUP);
    ObjectNode info = event.putArray("finding_info_list").addObject();
    info.put("uid", t.getIncidentId());
    info.put(
        "title",
        "failover of " + t.getService() + " from " + t.getFromSite() + " to " + t.getToSite());
    Envelope.strings(info, "types", List.of("failover"));
    ArrayNode related = Envelope.JSON.createArrayNode();
    t.getEvidenceEventIds().forEach(id -> related.addObject().put("uid", id));
    if (!related.isEmpty()) {
      info.set("related_events", related);
    }
    // Incident Finding has no resources attribute: the service is in the title and unmapped
    env.unmapped("service", t.getService())
        .unmapped("from_site", t.getFromSite())
        .unmapped("to_site", t.getToSite())
        .unmapped("stage", t.getStage().name())
        .unmapped("config_version", t.getConfigVersion());
    ObjectNode unmapped = env.unmapped();
    unmapped.put("step", t.getStep());
    unmapped.put("traffic_percent", t.getTrafficPercent());
    unmapped.put("valid_until", t.getValidUntil().toEpochMilli());
    gates(unmapped, t.getGates());
    return new Exported.Event(OcsfClass.INCIDENT_FINDING, key, env.json());
  }

  private static String detail(FailoverTrigger t) {
    return switch (t.getStage()) {
      case SHIFT ->
          "SHIFT step " + t.getStep() + ": " + t.getTrafficPercent() + "% to " + t.getToSite();
      default -> t.getStage().name();
    };
  }

  private static void gates(ObjectNode unmapped, List<GateResult> gates) {
    if (gates.isEmpty()) {
      return;
    }
    ArrayNode out = unmapped.putArray("gates");
    for (GateResult g : gates) {
      ObjectNode gate = out.addObject();
      gate.put("gate", g.getGate().name());
      gate.put("passed", g.getPassed());
      gate.put("waived", g.getWaived());
      gate.put("reason", g.getReason());
      ArrayNode evidence = gate.putArray("evidence_event_ids");
      g.getEvidenceEventIds().forEach(evidence::add);
    }
  }
}
