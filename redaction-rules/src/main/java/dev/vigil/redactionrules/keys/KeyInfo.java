package dev.vigil.redactionrules.keys;

import java.time.Instant;
import java.util.Optional;

/**
 * Public facts about one key (never its material).
 *
 * @param purpose pseudonym or encryption key
 * @param id Tink key id, shown as 8 hex digits ({@link #idHex()}) as in tokens
 * @param status primary, enabled or disabled
 * @param created when {@code vigil} generated it; empty for keys added by other tools
 */
public record KeyInfo(KeyPurpose purpose, int id, KeyStatus status, Optional<Instant> created) {
  public String idHex() {
    return hex(id);
  }

  static String hex(int id) {
    return String.format("%08x", id);
  }
}
