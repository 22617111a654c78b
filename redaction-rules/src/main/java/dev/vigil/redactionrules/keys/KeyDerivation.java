package dev.vigil.redactionrules.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One purpose-bound 256-bit sub-key per use of a key id (HKDF-expand with a single block:
 * HMAC-SHA-256(material, purpose || 0x01)), so a pseudonym key is never also an encryption key.
 */
public final class KeyDerivation {
  public static final String PSEUDONYM = "vigil/redaction/pseudonym/v1";
  public static final String SIV_MAC = "vigil/redaction/encrypt/mac/v1";
  public static final String SIV_CTR = "vigil/redaction/encrypt/ctr/v1";

  private KeyDerivation() {}

  public static byte[] derive(byte[] material, String purpose) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(material, "HmacSHA256"));
    byte[] info = purpose.getBytes(StandardCharsets.US_ASCII);
    byte[] in = Arrays.copyOf(info, info.length + 1);
    in[info.length] = 1;
    return mac.doFinal(in);
  }
}
