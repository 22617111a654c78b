package dev.vigil.redactionrules.keys;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Redaction keysets in a directory, as Tink cleartext JSON keyset files (mode 600, directory 700):
 * {@code <name>.pseudonym.json} (PRF keys), {@code <name>.encrypt.json} (deterministic AEAD keys)
 * and {@code <name>.created} ({@code <purpose> <key-id> <ISO instant>} lines: when {@code vigil}
 * generated each key; no secrets). Files readable by group or others are refused. Errors name the
 * file and keyset, never key material.
 *
 * <p>Keysets are read once per store and cached; {@link #rotate} and {@link #create} replace the
 * files atomically (one file at a time: a crash between the two leaves each file whole).
 */
public final class KeysetStore implements KeyProvider {
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  private final Path dir;
  private final boolean createMissing;
  private final Map<String, RedactionKeyset> cache = new ConcurrentHashMap<>();

  private KeysetStore(Path dir, boolean createMissing) {
    this.dir = dir;
    this.createMissing = createMissing;
  }

  /**
   * Keysets in {@code dir}; a keyset that is not there is an error.
   *
   * @throws KeyException if {@code dir} is a file (the key file format used before Tink keysets)
   */
  public static KeysetStore open(Path dir) throws KeyException {
    if (Files.isRegularFile(dir)) {
      throw new KeyException(
          dir
              + ": is a file; the 'key-id = base64' key file is the format used before Tink keysets"
              + " and is no longer read: give a keyset directory instead (create one with"
              + " 'vigil keys create --dir D NAME'; see redaction-rules/README.md, Keys)");
    }
    return new KeysetStore(dir, false);
  }

  /** Keysets in {@code dir}, generating a keyset the first time it is asked for (one machine). */
  public static KeysetStore openCreatingMissing(Path dir) throws KeyException {
    open(dir);
    return new KeysetStore(dir, true);
  }

  public Path dir() {
    return dir;
  }

  @Override
  public RedactionKeyset keyset(String name) throws KeyException {
    RedactionKeyset k = cache.get(name);
    if (k != null) {
      return k;
    }
    synchronized (this) {
      k = cache.get(name);
      if (k == null) {
        k = exists(name) || !createMissing ? read(name) : create(name, Instant.now());
        cache.put(name, k);
      }
      return k;
    }
  }

  public boolean exists(String name) {
    return Files.exists(file(name, KeyPurpose.PSEUDONYM))
        || Files.exists(file(name, KeyPurpose.ENCRYPT));
  }

  /** Names of the keysets in the directory, sorted. */
  public List<String> names() throws KeyException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          f -> {
            String n = f.getFileName().toString();
            for (KeyPurpose p : KeyPurpose.values()) {
              String suffix = "." + p.tag() + ".json";
              if (n.endsWith(suffix)) {
                names.add(n.substring(0, n.length() - suffix.length()));
              }
            }
          });
    } catch (IOException e) {
      throw new KeyException(dir + ": cannot list keysets (" + e.getClass().getSimpleName() + ")");
    }
    return List.copyOf(names);
  }

  /** Generates a new keyset of one primary key per purpose. */
  public synchronized RedactionKeyset create(String name, Instant now) throws KeyException {
    checkName(name);
    if (exists(name)) {
      throw new KeyException("keyset " + name + " already exists in " + dir);
    }
    Map<KeyPurpose, KeysetHandle> handles = new EnumMap<>(KeyPurpose.class);
    try {
      for (KeyPurpose p : KeyPurpose.values()) {
        handles.put(p, KeysetHandle.generateNew(p.parameters()));
      }
    } catch (GeneralSecurityException e) {
      throw new KeyException(
          "cannot generate keyset " + name + " (" + e.getClass().getSimpleName() + ")");
    }
    return write(name, handles, now);
  }

  /**
   * Adds a new primary key to each purpose; the former primary keys stay enabled, so everything
   * written before still resolves.
   */
  public synchronized RedactionKeyset rotate(String name, Instant now) throws KeyException {
    RedactionKeyset current = read(name);
    Map<KeyPurpose, KeysetHandle> handles = new EnumMap<>(KeyPurpose.class);
    try {
      for (KeyPurpose p : KeyPurpose.values()) {
        handles.put(
            p,
            KeysetHandle.newBuilder(current.handle(p))
                .addEntry(
                    KeysetHandle.generateEntryFromParameters(p.parameters())
                        .withRandomId()
                        .makePrimary())
                .build());
      }
    } catch (GeneralSecurityException e) {
      throw new KeyException(
          "cannot rotate keyset " + name + " (" + e.getClass().getSimpleName() + ")");
    }
    return write(name, handles, now);
  }

  private RedactionKeyset write(String name, Map<KeyPurpose, KeysetHandle> handles, Instant now)
      throws KeyException {
    Map<KeyPurpose, Map<Integer, Instant>> created =
        exists(name) ? created(name) : new EnumMap<>(KeyPurpose.class);
    StringBuilder createdText = new StringBuilder();
    try {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      for (KeyPurpose p : KeyPurpose.values()) {
        KeysetHandle h = handles.get(p);
        Map<Integer, Instant> times = created.computeIfAbsent(p, x -> new HashMap<>());
        for (int i = 0; i < h.size(); i++) {
          times.putIfAbsent(h.getAt(i).getId(), now);
        }
        times.forEach(
            (id, at) ->
                createdText
                    .append(p.tag())
                    .append(' ')
                    .append(KeyInfo.hex(id))
                    .append(' ')
                    .append(at)
                    .append('\n'));
        replace(
            file(name, p),
            TinkJsonProtoKeysetFormat.serializeKeyset(h, InsecureSecretKeyAccess.get()));
      }
      replace(createdFile(name), createdText.toString());
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyException(
          "cannot write keyset " + name + " in " + dir + " (" + e.getClass().getSimpleName() + ")");
    }
    RedactionKeyset k =
        new RedactionKeyset(
            name, handles.get(KeyPurpose.PSEUDONYM), handles.get(KeyPurpose.ENCRYPT), created);
    cache.put(name, k);
    return k;
  }

  private void replace(Path target, String text) throws IOException {
    Path tmp = Files.createTempFile(dir, ".keyset", ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private RedactionKeyset read(String name) throws KeyException {
    checkName(name);
    Map<KeyPurpose, KeysetHandle> handles = new EnumMap<>(KeyPurpose.class);
    for (KeyPurpose p : KeyPurpose.values()) {
      Path f = file(name, p);
      if (!Files.exists(f)) {
        throw new KeyException(
            "keyset " + name + " is not in " + dir + " (no " + f.getFileName() + ")");
      }
      checkPermissions(f);
      try {
        handles.put(
            p,
            TinkJsonProtoKeysetFormat.parseKeyset(
                Files.readString(f, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get()));
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new KeyException(
            f + ": not a readable Tink JSON keyset (" + e.getClass().getSimpleName() + ")");
      }
    }
    return new RedactionKeyset(
        name, handles.get(KeyPurpose.PSEUDONYM), handles.get(KeyPurpose.ENCRYPT), created(name));
  }

  private Map<KeyPurpose, Map<Integer, Instant>> created(String name) throws KeyException {
    Map<KeyPurpose, Map<Integer, Instant>> out = new EnumMap<>(KeyPurpose.class);
    Path f = createdFile(name);
    if (!Files.exists(f)) {
      return out;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KeyException(f + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
    for (int i = 0; i < lines.size(); i++) {
      String[] parts = lines.get(i).strip().split(" ", -1);
      if (parts.length == 1 && parts[0].isEmpty()) {
        continue;
      }
      try {
        KeyPurpose p = KeyPurpose.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT));
        out.computeIfAbsent(p, x -> new HashMap<>())
            .put(Integer.parseUnsignedInt(parts[1], 16), Instant.parse(parts[2]));
      } catch (IllegalArgumentException
          | ArrayIndexOutOfBoundsException
          | DateTimeParseException e) {
        throw new KeyException(f + ":" + (i + 1) + ": expected '<purpose> <key-id> <instant>'");
      }
    }
    return out;
  }

  private static void checkPermissions(Path file) throws KeyException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = view.readAttributes().permissions();
      if (perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.GROUP_READ)) {
        throw new KeyException(file + ": keyset file must not be readable by group or others");
      }
    } catch (IOException e) {
      throw new KeyException(
          file + ": cannot read keyset file (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static void checkName(String name) throws KeyException {
    if (!name.matches(NAME)) {
      throw new KeyException("keyset name must match " + NAME);
    }
  }

  Path file(String name, KeyPurpose p) {
    return dir.resolve(name + "." + p.tag() + ".json");
  }

  private Path createdFile(String name) {
    return dir.resolve(name + ".created");
  }

  @Override
  public String toString() {
    return "KeysetStore[" + dir + "]";
  }
}
