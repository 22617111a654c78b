package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.GateName;
import java.time.Instant;

/** An operator's time-bound waiver of one gate on one site. */
final class Waiver {
  String site;
  GateName gate;
  Instant expiresAt;
  String operator;
  String reason;
  String commandId;

  static String key(String site, GateName gate) {
    return site + "/" + gate;
  }

  boolean activeAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
