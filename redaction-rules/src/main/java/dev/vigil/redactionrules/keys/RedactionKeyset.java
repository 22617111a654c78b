package dev.vigil.redactionrules.keys;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named redaction keyset: two Tink keysets, one of PRF keys (HMAC-SHA-256) for pseudonyms and one
 * of {@code DeterministicAead} keys (AES-SIV) for reversible tokens. New values use each keyset's
 * primary key; the key id is part of every token, so values written under an older key stay
 * resolvable after a rotation as long as that key is in the keyset.
 *
 * <p>Tokens (the key id as 8 hex digits, as {@code vigil keys list} shows it):
 *
 * <ul>
 *   <li>{@code pn:<keyset>:<key-id>:<base32(PRF(utf8(value))[0..16))>} — 26 base32 characters;
 *   <li>{@code enc:<keyset>:<key-id>:<base64url(ciphertext)>} — the ciphertext exactly as Tink's
 *       {@code DeterministicAead.encryptDeterministically(utf8(value), empty associated data)}
 *       writes it (its 5-byte output prefix names the same key id), so Tink alone can decrypt it.
 * </ul>
 *
 * <p>Thread-safe (Tink primitives are). {@code toString()} names the keyset only.
 */
public final class RedactionKeyset {
  /** Associated data of encryption tokens: none (documented, so Tink alone can decrypt them). */
  public static final byte[] ASSOCIATED_DATA = new byte[0];

  /** Pseudonym length in bytes before base32 (128 bits). */
  public static final int PSEUDONYM_BYTES = 16;

  private static final byte[] PROBE =
      "vigil/keyset-fingerprint/probe/v1".getBytes(StandardCharsets.US_ASCII);
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  static {
    KeyPurpose.register();
  }

  private final String name;
  private final KeysetHandle pseudonymKeys;
  private final KeysetHandle encryptionKeys;
  private final Map<Integer, Prf> prfs;
  private final Prf primaryPrf;
  private final String pseudonymPrefix;
  private final DeterministicAead daead;
  private final String encryptPrefix;
  private final List<KeyInfo> keys;
  private final String fingerprint;

  /**
   * @param created generation time per purpose and key id, where known
   * @throws KeyException if a keyset has the wrong key type or no primary key
   */
  public RedactionKeyset(
      String name,
      KeysetHandle pseudonymKeys,
      KeysetHandle encryptionKeys,
      Map<KeyPurpose, Map<Integer, Instant>> created)
      throws KeyException {
    this.name = name;
    this.pseudonymKeys = pseudonymKeys;
    this.encryptionKeys = encryptionKeys;
    try {
      PrfSet set = pseudonymKeys.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
      this.prfs = Map.copyOf(set.getPrfs());
      this.primaryPrf = prfs.get(set.getPrimaryId());
      this.pseudonymPrefix = "pn:" + name + ":" + KeyInfo.hex(set.getPrimaryId()) + ":";
      this.daead =
          encryptionKeys.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
      this.encryptPrefix =
          "enc:" + name + ":" + KeyInfo.hex(encryptionKeys.getPrimary().getId()) + ":";
    } catch (GeneralSecurityException | IllegalStateException e) {
      throw new KeyException(
          "keyset "
              + name
              + " is not a usable PRF + deterministic AEAD keyset pair ("
              + e.getClass().getSimpleName()
              + ")");
    }
    this.keys = List.copyOf(infos(created));
    this.fingerprint = computeFingerprint();
  }

  /** A fresh keyset of one random primary key per purpose, in memory only. */
  public static RedactionKeyset generate(String name) throws KeyException {
    try {
      return new RedactionKeyset(
          name,
          KeysetHandle.generateNew(KeyPurpose.PSEUDONYM.parameters()),
          KeysetHandle.generateNew(KeyPurpose.ENCRYPT.parameters()),
          Map.of());
    } catch (GeneralSecurityException e) {
      throw new KeyException(
          "cannot generate keyset " + name + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  public String name() {
    return name;
  }

  /** Every key of both purposes, pseudonym keys first, each by id. Never material. */
  public List<KeyInfo> keys() {
    return keys;
  }

  /**
   * {@code sha256:<hex>} over the keyset name, every key's purpose, id and status, and each enabled
   * key's output on a fixed probe value. Equal on two sites exactly when they hold the same keys
   * (so pseudonymise identically); reveals no key material.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /** Hex id of the primary pseudonym key (the one new pseudonyms carry). */
  public String primaryPseudonymKeyId() {
    return pseudonymPrefix.substring(pseudonymPrefix.length() - 9, pseudonymPrefix.length() - 1);
  }

  public String pseudonym(String value) throws GeneralSecurityException {
    byte[] h = primaryPrf.compute(value.getBytes(StandardCharsets.UTF_8), PSEUDONYM_BYTES);
    return base32(pseudonymPrefix, h);
  }

  /**
   * Whether {@code token} is the pseudonym of {@code value} under the key the token names (an older
   * key after a rotation, too).
   *
   * @throws GeneralSecurityException if the token is malformed, for another keyset, or names a key
   *     this keyset does not hold (enabled)
   */
  public boolean isPseudonymOf(String token, String value) throws GeneralSecurityException {
    Token t = Token.parse(token);
    if (!t.scheme().equals("pn") || !t.keyset().equals(name)) {
      throw new GeneralSecurityException("not a pseudonym of keyset " + name);
    }
    Prf prf = prfs.get(t.keyId());
    if (prf == null) {
      throw new GeneralSecurityException(
          "key " + KeyInfo.hex(t.keyId()) + " is not an enabled key of keyset " + name);
    }
    String expected =
        base32("", prf.compute(value.getBytes(StandardCharsets.UTF_8), PSEUDONYM_BYTES));
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), t.body().getBytes(StandardCharsets.US_ASCII));
  }

  public String encrypt(String value) throws GeneralSecurityException {
    byte[] c =
        daead.encryptDeterministically(value.getBytes(StandardCharsets.UTF_8), ASSOCIATED_DATA);
    return encryptPrefix + Base64.getUrlEncoder().withoutPadding().encodeToString(c);
  }

  /**
   * The value of an {@code enc:} token written with any enabled key of this keyset.
   *
   * @throws GeneralSecurityException if the token is malformed, for another keyset or key, or was
   *     altered
   */
  public String decrypt(String token) throws GeneralSecurityException {
    Token t = Token.parse(token);
    if (!t.scheme().equals("enc") || !t.keyset().equals(name)) {
      throw new GeneralSecurityException("not an encryption token of keyset " + name);
    }
    byte[] c;
    try {
      c = Base64.getUrlDecoder().decode(t.body());
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("malformed token");
    }
    if (c.length < 5 || c[0] != 1 || ByteBuffer.wrap(c, 1, 4).getInt() != t.keyId()) {
      throw new GeneralSecurityException("token key id does not match its ciphertext");
    }
    return new String(daead.decryptDeterministically(c, ASSOCIATED_DATA), StandardCharsets.UTF_8);
  }

  KeysetHandle handle(KeyPurpose purpose) {
    return purpose == KeyPurpose.PSEUDONYM ? pseudonymKeys : encryptionKeys;
  }

  private List<KeyInfo> infos(Map<KeyPurpose, Map<Integer, Instant>> created) {
    List<KeyInfo> out = new ArrayList<>();
    for (KeyPurpose p : KeyPurpose.values()) {
      KeysetHandle h = handle(p);
      Map<Integer, Instant> times = created.getOrDefault(p, Map.of());
      List<KeyInfo> mine = new ArrayList<>();
      for (int i = 0; i < h.size(); i++) {
        KeysetHandle.Entry e = h.getAt(i);
        KeyStatus status =
            e.isPrimary()
                ? KeyStatus.PRIMARY
                : e.getStatus() == com.google.crypto.tink.KeyStatus.ENABLED
                    ? KeyStatus.ENABLED
                    : KeyStatus.DISABLED;
        mine.add(new KeyInfo(p, e.getId(), status, Optional.ofNullable(times.get(e.getId()))));
      }
      mine.sort(Comparator.comparing(KeyInfo::idHex));
      out.addAll(mine);
    }
    return out;
  }

  private String computeFingerprint() throws KeyException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("vigil-keyset-fingerprint/v1\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
      for (KeyInfo k : keys) {
        sha.update(
            (k.purpose().tag() + " " + k.idHex() + " " + k.status() + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        if (k.status() == KeyStatus.DISABLED) {
          continue;
        }
        sha.update(probe(k));
      }
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (GeneralSecurityException e) {
      throw new KeyException(
          "keyset "
              + name
              + ": cannot compute its fingerprint ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  /** The key's output on the probe value: a PRF output, or a deterministic ciphertext. */
  private byte[] probe(KeyInfo k) throws GeneralSecurityException {
    if (k.purpose() == KeyPurpose.PSEUDONYM) {
      return prfs.get(k.id()).compute(PROBE, 32);
    }
    KeysetHandle h = encryptionKeys;
    for (int i = 0; i < h.size(); i++) {
      KeysetHandle.Entry e = h.getAt(i);
      if (e.getId() == k.id()) {
        KeysetHandle single =
            KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(e.getKey()).withFixedId(e.getId()).makePrimary())
                .build();
        return single
            .getPrimitive(RegistryConfiguration.get(), DeterministicAead.class)
            .encryptDeterministically(PROBE, ASSOCIATED_DATA);
      }
    }
    throw new GeneralSecurityException("no key " + k.idHex());
  }

  private static String base32(String prefix, byte[] h) {
    StringBuilder sb = new StringBuilder(prefix.length() + 26).append(prefix);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < PSEUDONYM_BYTES; i++) {
      buffer = (buffer << 8) | (h[i] & 255);
      bits += 8;
      while (bits >= 5) {
        sb.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "RedactionKeyset[" + name + "]";
  }

  /** A parsed {@code pn:} or {@code enc:} token: scheme, keyset name, key id, body. */
  public record Token(String scheme, String keyset, int keyId, String body) {
    public static Token parse(String token) throws GeneralSecurityException {
      String[] parts = token.split(":", 4);
      if (parts.length != 4
          || !(parts[0].equals("pn") || parts[0].equals("enc"))
          || !parts[2].matches("[0-9a-f]{8}")) {
        throw new GeneralSecurityException(
            "not a token of the form pn|enc:<keyset>:<8-hex key id>:<value>");
      }
      return new Token(parts[0], parts[1], Integer.parseUnsignedInt(parts[2], 16), parts[3]);
    }

    public String keyIdHex() {
      return KeyInfo.hex(keyId);
    }
  }
}
