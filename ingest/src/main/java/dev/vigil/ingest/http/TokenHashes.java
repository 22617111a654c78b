package dev.vigil.ingest.http;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bearer tokens are stored as their SHA-256 (hex). Tokens are random (≥ 32 bytes from a CSPRNG),
 * not passwords, so a fast unsalted hash is enough: it cannot be brute-forced, and it keeps the
 * per-request check cheap. Run {@code main} to hash a token read from stdin.
 */
public final class TokenHashes {
  private TokenHashes() {}

  /** Lower-case hex SHA-256 of the token's UTF-8 bytes. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Reads one token from stdin and prints its hash (the token itself is never echoed). */
  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String token = in.readLine();
    if (token == null || token.isBlank()) {
      System.err.println("usage: echo -n TOKEN | java ... TokenHashes");
      System.exit(2);
    }
    System.out.println(sha256Hex(token.strip()));
  }
}
