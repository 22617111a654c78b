package dev.vigil.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold secrets: written owner-only (mode 600) from the first byte, and refused when read
 * if the group or others can read them. Errors name the file, never its content.
 */
public final class SecretFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> GROUP_OR_WORLD =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private SecretFiles() {}

  /** Writes {@code text} to {@code file} with mode 600 (temp file + atomic rename). */
  public static void write(Path file, String text) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp =
          POSIX
              ? Files.createTempFile(
                  dir,
                  ".secret",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(dir, ".secret", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write secret file " + file, e);
    }
  }

  /**
   * Reads a secret file, trimmed; refuses one that the group or others may read or write, so a
   * secret that leaked by its mode is not used as if it were still secret.
   */
  public static String read(Path file) {
    checkPrivate(file);
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read secret file " + file, e);
    }
  }

  /** Throws when {@code file} is missing or readable/writable by the group or others. */
  public static void checkPrivate(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("secret file " + file + " does not exist");
    }
    if (!POSIX) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(GROUP_OR_WORLD::contains)) {
        throw new IllegalStateException(
            "secret file "
                + file
                + " is accessible to group or others (mode "
                + PosixFilePermissions.toString(perms)
                + "); run chmod 600 on it");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat secret file " + file, e);
    }
  }
}
