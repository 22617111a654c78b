package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import java.time.Instant;
import java.util.List;

/** What one decision works with: config, the (copied) state, the time and the effects so far. */
record Context(
    FailoverConfig config,
    ServiceConfig service,
    ServiceState state,
    Instant now,
    Effects effects,
    PostureGates gates,
    SiteHealthTracker tracker) {

  List<GateResult> gatesOn(String target) {
    String other = service.otherSite(target);
    return gates.evaluate(
        state.service, target, state.site(target), state.site(other), state.waivers, now);
  }

  SiteHealth health(String site) {
    return state.site(site).health;
  }

  /** Alert dedup key {@code vigil/<service>/<parts...>}. */
  String key(String... parts) {
    return "vigil/" + state.service + "/" + String.join("/", parts);
  }
}
