package dev.vigil.ingest.probe;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What Vigil reports about a certificate: never the key or the whole certificate, only its identity
 * and validity.
 *
 * @param subject the subject DN (RFC 2253)
 * @param issuer the issuer DN (RFC 2253)
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sha256 SHA-256 of the DER encoding as upper-case hex pairs joined by {@code :} (the form
 *     {@code openssl x509 -fingerprint -sha256} and {@code keytool} print)
 */
public record CertificateInfo(
    String subject, String issuer, Instant notBefore, Instant notAfter, String sha256) {

  public static CertificateInfo of(X509Certificate cert) {
    return new CertificateInfo(
        cert.getSubjectX500Principal().getName(),
        cert.getIssuerX500Principal().getName(),
        cert.getNotBefore().toInstant(),
        cert.getNotAfter().toInstant(),
        fingerprint(cert));
  }

  /** SHA-256 of the DER bytes, {@code AB:CD:...}. */
  public static String fingerprint(X509Certificate cert) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint certificate", e);
    }
  }

  /**
   * Normalises a configured fingerprint: hex with or without colons, any case → {@code AB:CD:...}.
   */
  public static String normaliseFingerprint(String value) {
    String hex = value.replace(":", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    if (!hex.matches("[0-9A-F]{64}")) {
      throw new IllegalArgumentException("a SHA-256 fingerprint must be 64 hex digits");
    }
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
  }
}
