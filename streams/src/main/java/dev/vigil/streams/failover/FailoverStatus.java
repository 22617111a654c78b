package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.GateName;
import java.time.Instant;
import java.util.List;

/**
 * One service as the status API shows it (see {@link FailoverEngine#status}).
 *
 * @param state the snapshot: active/standby site, phase, stage, step, traffic percent, site health,
 *     each gate on the standby with its reason and evidence ids
 * @param waivers waivers in force
 * @param openAlerts dedup keys of the alerts currently triggered
 * @param incidentFrom the open incident's source site, or null
 * @param incidentTo the open incident's target site, or null
 */
public record FailoverStatus(
    FailoverState state,
    List<WaiverView> waivers,
    List<String> openAlerts,
    String incidentFrom,
    String incidentTo) {

  /** A waiver in force: on which site's gate, until when, granted by whom. */
  public record WaiverView(String site, GateName gate, Instant expiresAt, String operator) {}

  public FailoverStatus {
    waivers = List.copyOf(waivers);
    openAlerts = List.copyOf(openAlerts);
  }
}
