package dev.vigil.redactionrules.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keys from a file of {@code key-id = base64-material} lines ({@code #} comments and blank lines
 * ignored). The file is read once; on POSIX systems it must not be readable by group or others.
 * Errors name the file, line and key id, never the material.
 */
public final class FileKeyProvider implements KeyProvider {
  private final Path file;
  private final Map<String, byte[]> keys;

  private FileKeyProvider(Path file, Map<String, byte[]> keys) {
    this.file = file;
    this.keys = keys;
  }

  public static FileKeyProvider load(Path file) throws KeyException {
    checkPermissions(file);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KeyException(
          file + ": cannot read key file (" + e.getClass().getSimpleName() + ")");
    }
    Map<String, byte[]> keys = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String where = file + ":" + (i + 1) + ": ";
      if (eq <= 0) {
        throw new KeyException(where + "expected 'key-id = base64-material'");
      }
      String id = line.substring(0, eq).strip();
      if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw new KeyException(where + "malformed key id");
      }
      byte[] material;
      try {
        material = Base64.getDecoder().decode(line.substring(eq + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new KeyException(where + "key " + id + " is not valid base64");
      }
      if (material.length < MIN_KEY_BYTES) {
        throw new KeyException(
            where + "key " + id + " is shorter than " + MIN_KEY_BYTES + " bytes");
      }
      if (keys.putIfAbsent(id, material) != null) {
        throw new KeyException(where + "key " + id + " is defined twice");
      }
    }
    return new FileKeyProvider(file, keys);
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
        throw new KeyException(file + ": key file must not be readable by group or others");
      }
    } catch (IOException e) {
      throw new KeyException(
          file + ": cannot read key file (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public byte[] keyMaterial(String keyId) throws KeyException {
    byte[] k = keys.get(keyId);
    if (k == null) {
      throw new KeyException("key " + keyId + " is not in " + file);
    }
    return k.clone();
  }

  @Override
  public String toString() {
    return "FileKeyProvider[" + file + ", " + keys.size() + " keys]";
  }
}
