package dev.vigil.ingest.http;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured SHA-256 hashes. The hash of
 * the presented token is compared with every configured hash in constant time, without stopping at
 * a match, so timing reveals neither the token nor which collector matched.
 */
final class BearerAuth {
  private final Map<String, byte[]> hashes = new LinkedHashMap<>();

  BearerAuth(Map<String, CollectorGrant> tokens) {
    tokens.forEach((id, grant) -> hashes.put(id, HexFormat.of().parseHex(grant.sha256())));
  }

  /** The collector id of a valid token; empty when the header is missing, malformed or wrong. */
  Optional<String> authenticate(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    String value = authorization.strip();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = value.substring(7).strip();
    if (token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = TokenHashes.sha256(token);
    String found = null;
    for (Map.Entry<String, byte[]> e : hashes.entrySet()) {
      if (MessageDigest.isEqual(presented, e.getValue()) && found == null) {
        found = e.getKey();
      }
    }
    return Optional.ofNullable(found);
  }
}
