package dev.vigil.ingest.parse;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Where parsed events come from, supplied by the collector configuration: the site and service the
 * sensor watches, the sensor or collector id written to {@code source}, and the time zone used for
 * formats whose timestamps carry none (RFC 3164 syslog, fast.log).
 */
public record SourceContext(String site, String service, String source, ZoneId zone) {

  public SourceContext {
    requireText(site, "site");
    requireText(service, "service");
    requireText(source, "source");
    Objects.requireNonNull(zone, "zone");
  }

  /** A context whose zone-less timestamps are read as UTC. */
  public static SourceContext of(String site, String service, String source) {
    return new SourceContext(site, service, source, ZoneOffset.UTC);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
