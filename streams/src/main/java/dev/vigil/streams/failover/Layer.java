package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.EvidenceScope;

/**
 * One layer of evidence about a site as one service sees it: its own (SERVICE), the site's (SITE)
 * or one of its segments' (SEGMENT). The gates judge the union of a service's layers.
 *
 * @param name how reasons name the layer: {@code service}, {@code site}, {@code segment <id>}
 */
record Layer(String name, EvidenceScope scope, SiteState evidence) {}
