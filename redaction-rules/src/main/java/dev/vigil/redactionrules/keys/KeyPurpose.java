package dev.vigil.redactionrules.keys;

import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import java.security.GeneralSecurityException;

/** What a Tink keyset of a redaction keyset is for; each purpose has its own keys and key ids. */
public enum KeyPurpose {
  /** Pseudonyms: Tink PRF, HMAC-SHA-256, output cut to 16 bytes. */
  PSEUDONYM("pseudonym", PredefinedPrfParameters.HMAC_SHA256_PRF),
  /** Reversible tokens: Tink {@code DeterministicAead}, AES-SIV with a 512-bit key (AES-256). */
  ENCRYPT("encrypt", PredefinedDeterministicAeadParameters.AES256_SIV);

  static {
    register();
  }

  private final String fileTag;
  private final Parameters parameters;

  KeyPurpose(String fileTag, Parameters parameters) {
    this.fileTag = fileTag;
    this.parameters = parameters;
  }

  /** Lower-case name, used in file names and listings. */
  public String tag() {
    return fileTag;
  }

  /** Registers Tink's deterministic AEAD and PRF key managers (idempotent). */
  static void register() {
    try {
      DeterministicAeadConfig.register();
      PrfConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot register Tink key managers", e);
    }
  }

  Parameters parameters() {
    return parameters;
  }
}
