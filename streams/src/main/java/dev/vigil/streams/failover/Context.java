package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What one decision works with: config, the (copied) state, the time and the effects so far. */
record Context(
    FailoverConfig config,
    ServiceConfig service,
    ServiceState state,
    Instant now,
    Effects effects,
    PostureGates gates,
    SiteHealthTracker tracker,
    ScopeEvidence scopes) {

  List<GateResult> gatesOn(String target) {
    String other = service.otherSite(target);
    return gates.evaluate(state.service, target, layers(target), layers(other), state.waivers, now);
  }

  /**
   * The evidence about {@code site} this service sees: its own, then the site's, then each of its
   * segments' on that site (those that exist).
   */
  List<Layer> layers(String site) {
    SiteState own = state.site(site);
    SiteState siteWide = scopes.get(ScopeEvidence.key(site, null));
    if (siteWide == null && service.segments().isEmpty()) {
      return List.of(new Layer("service", EvidenceScope.SERVICE, own));
    }
    List<Layer> layers = new ArrayList<>(2 + service.segments().size());
    layers.add(new Layer("service", EvidenceScope.SERVICE, own));
    if (siteWide != null) {
      layers.add(new Layer("site", EvidenceScope.SITE, siteWide));
    }
    for (String segment : service.segments()) {
      SiteState e = scopes.get(ScopeEvidence.key(site, segment));
      if (e != null) {
        layers.add(new Layer("segment " + segment, EvidenceScope.SEGMENT, e));
      }
    }
    return layers;
  }

  SiteHealth health(String site) {
    return state.site(site).health;
  }

  /** Alert dedup key {@code vigil/<service>/<parts...>}. */
  String key(String... parts) {
    return "vigil/" + state.service + "/" + String.join("/", parts);
  }
}
