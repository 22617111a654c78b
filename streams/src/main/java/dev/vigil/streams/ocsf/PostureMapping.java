package dev.vigil.streams.ocsf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import java.util.List;
import java.util.Locale;

/**
 * A redacted posture finding (drift, IDS heartbeat, certificate, key version, access) as an OCSF
 * Compliance Finding (2003). {@code finding_info.uid} is stable per site, service, check and
 * control; with the {@link PostureLedger} a new violation creates the finding, a changed one
 * updates it and the pass that clears it closes it. Unchanged repeats and passes of a control with
 * no open violation (e.g. IDS heartbeats every few seconds) are skipped.
 */
final class PostureMapping {
  static final String STANDARD = "Vigil posture baseline";

  private PostureMapping() {}

  static Exported map(
      String key,
      PostureFinding p,
      Provenance provenance,
      String productVersion,
      PostureLedger ledger) {
    Finding f = p.getFinding();
    boolean violation = f.getStatus() == FindingStatus.VIOLATION;
    String check = f.getCheck().name();
    String findingUid =
        String.join(":", "posture", p.getSite(), p.getService(), check, f.getControlId());
    String fingerprint =
        String.join(
            "|",
            f.getSeverity().name(),
            String.valueOf(f.getExpected()),
            String.valueOf(f.getObserved()));
    var open = ledger.open(findingUid);
    if (violation && open.isPresent() && open.get().equals(fingerprint)) {
      return new Exported.Skipped("posture violation unchanged");
    }
    if (!violation && open.isEmpty()) {
      return new Exported.Skipped("posture control holds");
    }
    int activityId = !violation ? 3 : open.isEmpty() ? 1 : 2;
    String activity = activityId == 1 ? "Create" : activityId == 2 ? "Update" : "Close";
    if (violation) {
      ledger.open(findingUid, fingerprint);
    } else {
      ledger.close(findingUid);
    }
    Envelope env =
        Envelope.of(OcsfClass.COMPLIANCE_FINDING, activityId, activity, productVersion)
            .severity(f.getSeverity())
            .status(violation ? 1 : 4, violation ? "New" : "Resolved")
            .time(p.getObservedAt())
            .metadata(p.getEventId().toString(), findingUid, provenance)
            .loggedTime(p.getIngestedAt());
    ObjectNode event = env.event();
    findingInfo(event, findingUid, f, violation);
    ArrayNode observables = Envelope.JSON.createArrayNode();
    Resources.service(event, p.getService(), observables);
    if (!observables.isEmpty()) {
      event.set("observables", observables);
    }
    Resources.where(env, p.getSite(), p.getService(), p.getScope(), p.getSegment(), p.getSource());
    unmapped(env, f);
    return new Exported.Event(OcsfClass.COMPLIANCE_FINDING, key, env.json());
  }

  /** {@code finding_info} and {@code compliance}: which control, and whether it passes. */
  private static void findingInfo(
      ObjectNode event, String findingUid, Finding f, boolean violation) {
    String check = f.getCheck().name();
    ObjectNode info = event.putObject("finding_info");
    info.put("uid", findingUid);
    info.put("title", title(f.getCheck(), f.getControlId(), violation));
    Envelope.strings(info, "types", List.of("posture", check.toLowerCase(Locale.ROOT)));
    ObjectNode compliance = event.putObject("compliance");
    compliance.put("control", f.getControlId());
    compliance.put("category", check);
    Envelope.strings(compliance, "standards", List.of(STANDARD));
    compliance.put("status_id", violation ? 3 : 1);
    compliance.put("status", violation ? "Fail" : "Pass");
  }

  private static void unmapped(Envelope env, Finding f) {
    env.unmapped("expected", f.getExpected())
        .unmapped("observed", f.getObserved())
        .unmapped("key_id", f.getKeyId())
        .unmapped("key_version", f.getKeyVersion())
        .unmapped("cert_fingerprint", f.getCertFingerprint())
        .unmapped("details", f.getDetails());
    if (f.getNotAfter() != null) {
      env.unmapped().put("not_after", f.getNotAfter().toEpochMilli());
    }
  }

  private static String title(PostureCheck check, String controlId, boolean violation) {
    String what =
        switch (check) {
          case DRIFT -> "configuration drift";
          case IDS_HEARTBEAT -> "IDS heartbeat";
          case CERTIFICATE -> "certificate";
          case KEY_VERSION -> "key version";
          case ACCESS -> "access";
        };
    return what + " control " + controlId + (violation ? " violated" : " holds");
  }
}
