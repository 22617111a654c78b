package dev.vigil.streams.failover.topology;

import org.apache.avro.specific.SpecificRecord;

/**
 * One input value after {@link DecodeProcessor}: the decoded event (null for a tombstone), or the
 * original bytes bound for the quarantine.
 */
record Decoded(SpecificRecord value, byte[] original, boolean failed) {
  static Decoded ok(SpecificRecord value) {
    return new Decoded(value, null, false);
  }

  static Decoded quarantined(byte[] original) {
    return new Decoded(null, original, true);
  }
}
