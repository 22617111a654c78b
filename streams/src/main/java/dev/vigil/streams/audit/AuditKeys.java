package dev.vigil.streams.audit;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The audit keyset: a Tink MAC keyset (HMAC-SHA256, 256-bit tag) that keys every record of a chain,
 * and a Tink Ed25519 keyset that signs checkpoints. Both use Tink's output prefix (a version byte
 * and the 4-byte key id), so after a rotation the old keys still verify what they made and a tag
 * names its key. Stored as two cleartext Tink JSON keyset files, {@code audit.mac.json} and {@code
 * audit.sign.json}, in a directory (mode 700, files 600); a file readable or writable by group or
 * others is refused. Neither {@link #toString()} nor any error message carries key material.
 */
public final class AuditKeys {
  static final String MAC_FILE = "audit.mac.json";
  static final String SIGN_FILE = "audit.sign.json";

  static {
    try {
      MacConfig.register();
      SignatureConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot register Tink MAC and signature key managers", e);
    }
  }

  private final KeysetHandle macKeys;
  private final KeysetHandle signKeys;
  private final Mac mac;
  private final PublicKeySign signer;
  private final PublicKeyVerify verifier;

  private AuditKeys(KeysetHandle macKeys, KeysetHandle signKeys) throws GeneralSecurityException {
    this.macKeys = macKeys;
    this.signKeys = signKeys;
    this.mac = macKeys.getPrimitive(RegistryConfiguration.get(), Mac.class);
    this.signer = signKeys.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
    this.verifier =
        signKeys
            .getPublicKeysetHandle()
            .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
  }

  /** A new keyset of one MAC key and one signing key. */
  public static AuditKeys generate() {
    try {
      return new AuditKeys(
          KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG),
          KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot generate audit keys (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** This keyset with a new primary MAC key and signing key; the former keys still verify. */
  public AuditKeys rotated() {
    try {
      return new AuditKeys(
          KeysetHandle.newBuilder(macKeys)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(
                          PredefinedMacParameters.HMAC_SHA256_256BITTAG)
                      .withRandomId()
                      .makePrimary())
              .build(),
          KeysetHandle.newBuilder(signKeys)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedSignatureParameters.ED25519)
                      .withRandomId()
                      .makePrimary())
              .build());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot rotate audit keys (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Whether {@code dir} holds an audit keyset. */
  public static boolean exists(Path dir) {
    return Files.exists(dir.resolve(MAC_FILE)) || Files.exists(dir.resolve(SIGN_FILE));
  }

  /** The keyset in {@code dir}; errors name the file, never key material. */
  public static AuditKeys read(Path dir) {
    KeysetHandle macKeys = readKeyset(dir.resolve(MAC_FILE));
    KeysetHandle signKeys = readKeyset(dir.resolve(SIGN_FILE));
    try {
      return new AuditKeys(macKeys, signKeys);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          dir + ": not an audit keyset (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The keyset in {@code dir}, generated and written there the first time (one machine). */
  public static synchronized AuditKeys readOrCreate(Path dir) {
    if (exists(dir)) {
      return read(dir);
    }
    AuditKeys keys = generate();
    keys.write(dir);
    return keys;
  }

  /** Writes both files atomically (mode 600, directory 700). */
  public void write(Path dir) {
    try {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      replace(
          dir,
          MAC_FILE,
          TinkJsonProtoKeysetFormat.serializeKeyset(macKeys, InsecureSecretKeyAccess.get()));
      replace(
          dir,
          SIGN_FILE,
          TinkJsonProtoKeysetFormat.serializeKeyset(signKeys, InsecureSecretKeyAccess.get()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot write audit keys in " + dir + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Id of the primary MAC key, 8 hex digits (the {@code key_id} of new records). */
  public String macKeyId() {
    return hex(macKeys.getPrimary().getId());
  }

  /** Id of the primary signing key, 8 hex digits. */
  public String signKeyId() {
    return hex(signKeys.getPrimary().getId());
  }

  /** Ids of every MAC key, primary first. */
  public List<String> macKeyIds() {
    return ids(macKeys);
  }

  /** Ids of every signing key, primary first. */
  public List<String> signKeyIds() {
    return ids(signKeys);
  }

  byte[] mac(byte[] data) {
    try {
      return mac.computeMac(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("audit MAC failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Whether {@code tag} is a MAC of {@code data} by any key of the keyset. */
  boolean verifyMac(byte[] tag, byte[] data) {
    try {
      mac.verifyMac(tag, data);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  byte[] sign(byte[] data) {
    try {
      return signer.sign(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "audit checkpoint signing failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Whether {@code signature} is a signature of {@code data} by any key of the keyset. */
  boolean verifySignature(byte[] signature, byte[] data) {
    try {
      verifier.verify(signature, data);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The key id a Tink-prefixed tag or signature names (bytes 1..4), or null when too short. */
  static String prefixKeyId(byte[] tagged) {
    if (tagged == null || tagged.length < 5) {
      return null;
    }
    int id =
        ((tagged[1] & 0xff) << 24)
            | ((tagged[2] & 0xff) << 16)
            | ((tagged[3] & 0xff) << 8)
            | (tagged[4] & 0xff);
    return hex(id);
  }

  private static List<String> ids(KeysetHandle h) {
    List<String> out = new ArrayList<>();
    out.add(hex(h.getPrimary().getId()));
    for (int i = 0; i < h.size(); i++) {
      String id = hex(h.getAt(i).getId());
      if (!out.contains(id)) {
        out.add(id);
      }
    }
    return List.copyOf(out);
  }

  static String hex(int id) {
    return String.format("%08x", id);
  }

  private static KeysetHandle readKeyset(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + ": audit keyset file missing");
    }
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    try {
      if (view != null) {
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        if (perms.contains(PosixFilePermission.GROUP_READ)
            || perms.contains(PosixFilePermission.OTHERS_READ)
            || perms.contains(PosixFilePermission.GROUP_WRITE)
            || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
          throw new IllegalStateException(
              file + ": audit keyset file must not be readable or writable by group or others");
        }
      }
      return TinkJsonProtoKeysetFormat.parseKeyset(
          Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof IllegalStateException ise && ise.getMessage().startsWith(file.toString())) {
        throw ise;
      }
      throw new IllegalStateException(
          file + ": not a readable Tink JSON keyset (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static void replace(Path dir, String name, String text) throws IOException {
    Path tmp = Files.createTempFile(dir, ".audit-keys", ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(
          tmp,
          dir.resolve(name),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public String toString() {
    return "AuditKeys[mac=" + macKeyIds() + ", sign=" + signKeyIds() + "]";
  }
}
