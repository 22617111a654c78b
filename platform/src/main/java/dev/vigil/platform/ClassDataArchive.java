package dev.vigil.platform;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class-data sharing for the registry's child JVM: most of its start-up is loading and verifying
 * the same ~20,000 classes every time. The first start (per registry home and JVM build) runs with
 * {@code -XX:ArchiveClassesAtExit} into a temporary file; after that run ended cleanly the file is
 * moved into place, and later starts map it with {@code -XX:SharedArchiveFile} (about 1-2 s less on
 * 2 cores). The JVM checks the archive against its own build and class path and runs without it
 * when they differ ({@code -Xshare:auto}, the default), so a stale archive costs only the saving.
 * Several processes may race to write it: each writes its own temporary file and the last move
 * wins.
 */
final class ClassDataArchive {
  private static final Logger LOGGER = LoggerFactory.getLogger(ClassDataArchive.class);

  /** Turns class-data sharing for the registry off ({@code -Dvigil.registry.cds=false}). */
  static final String ENABLED_PROPERTY = "vigil.registry.cds";

  private final Path archive;
  private final Path dumping;
  private final String mode;

  private ClassDataArchive(Path archive, Path dumping, String mode) {
    this.archive = archive;
    this.dumping = dumping;
    this.mode = mode;
  }

  /** The archive of {@code home} for this JVM build: used if present, else made by this run. */
  static ClassDataArchive of(Path home) {
    if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) {
      return new ClassDataArchive(null, null, "off");
    }
    String build =
        System.getProperty("java.vm.version", "unknown").replaceAll("[^A-Za-z0-9.]", "_");
    Path archive = home.toAbsolutePath().resolve("registry-" + build + ".jsa");
    if (Files.isReadable(archive)) {
      return new ClassDataArchive(archive, null, "used");
    }
    if (!Files.isWritable(home)) {
      return new ClassDataArchive(null, null, "off");
    }
    Path dumping = archive.resolveSibling(archive.getFileName() + "." + UUID.randomUUID() + ".tmp");
    return new ClassDataArchive(archive, dumping, "recording");
  }

  /** {@code used}, {@code recording} (this run writes it at exit) or {@code off}. */
  String mode() {
    return mode;
  }

  List<String> jvmOptions() {
    if (dumping != null) {
      return List.of("-XX:ArchiveClassesAtExit=" + dumping);
    }
    if (archive != null) {
      return List.of("-XX:SharedArchiveFile=" + archive);
    }
    return List.of();
  }

  /**
   * After the child exited: keeps what a recording run wrote if it ended cleanly ({@code clean}),
   * otherwise drops it.
   */
  void finish(boolean clean) {
    if (dumping == null || !Files.exists(dumping)) {
      return;
    }
    try {
      if (clean && Files.size(dumping) > 0) {
        try {
          Files.move(
              dumping,
              archive,
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(dumping, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        LOGGER.atInfo().addKeyValue("archive", archive).log("registry class-data archive written");
      } else {
        Files.deleteIfExists(dumping);
      }
    } catch (IOException e) {
      LOGGER
          .atWarn()
          .addKeyValue("archive", archive)
          .addKeyValue("cause", e.getClass().getSimpleName())
          .log("registry class-data archive not kept; the next start records it again");
      try {
        Files.deleteIfExists(dumping);
      } catch (IOException ignored) {
        // nothing more to do: a leftover temporary file is only disk space
      }
    }
  }
}
