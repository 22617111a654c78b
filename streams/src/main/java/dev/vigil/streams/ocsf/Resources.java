package dev.vigil.streams.ocsf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.EvidenceScope;

/** The affected Vigil service as an OCSF resource, and the envelope fields OCSF has no home for. */
final class Resources {
  private Resources() {}

  /** {@code resources[0]} = the service (uid and name), with a Resource UID observable. */
  static void service(ObjectNode event, String service, ArrayNode observables) {
    if (service == null || service.isEmpty()) {
      return;
    }
    event
        .putArray("resources")
        .addObject()
        .put("uid", service)
        .put("name", service)
        .put("type", "service");
    observables
        .addObject()
        .put("name", "resources.uid")
        .put("type_id", 10)
        .put("type", "Resource UID")
        .put("value", service);
  }

  /** Site, service, evidence scope, segment and collector id under {@code unmapped}. */
  static void where(
      Envelope env,
      String site,
      String service,
      EvidenceScope scope,
      String segment,
      String source) {
    env.unmapped("site", site)
        .unmapped("service", service)
        .unmapped("scope", scope == null ? null : scope.name())
        .unmapped("segment", segment)
        .unmapped("source", source);
  }
}
