package dev.vigil.alerts;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Alerts as the correlator writes them, for the tests. */
final class TestAlerts {
  static final Instant T0 = Instant.parse("2026-12-04T03:00:00Z");

  private TestAlerts() {}

  /** The SEV1 "failover blocked" alert of service {@code svc} toward site {@code site}. */
  static Alert blocked(String svc, String site, AlertAction action) {
    Map<String, String> details = new TreeMap<>();
    details.put("incident", "inc-1");
    details.put("gate", "intrusion");
    return Alert.newBuilder()
        .setAlertId("alr-" + action.name().toLowerCase() + "-" + svc)
        .setDedupKey("vigil/" + svc + "/blocked")
        .setAction(action)
        .setSeverity(AlertSeverity.SEV1)
        .setService(svc)
        .setSite(site)
        .setSummary("failover of " + svc + " to " + site + " blocked by gate intrusion")
        .setEvidence(new ArrayList<>(List.of("evt-1", "evt-2")))
        .setDetails(details)
        .setCreatedAt(action == AlertAction.TRIGGER ? T0 : T0.plusSeconds(300))
        .build();
  }
}
