package dev.vigil.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;

/**
 * Finds the Apicurio Registry distribution (Maven Central {@code
 * io.apicurio:apicurio-registry-app:2.6.13.Final:tar.gz:all}) and unpacks it once into a cache.
 *
 * <p>Lookup order: system property {@code vigil.registry.home} (an unpacked directory); system
 * property {@code vigil.registry.dist} or env {@code VIGIL_REGISTRY_DIST} (the tarball); the
 * tarball in the local Maven repository, where the {@code platform} module's build puts it.
 */
public final class RegistryDistribution {
  public static final String VERSION = "2.6.13.Final";
  static final String RUNNER_JAR = "apicurio-registry-app-" + VERSION + "-runner.jar";

  private RegistryDistribution() {}

  /** The directory holding the runner jar, unpacking the tarball into the cache if needed. */
  public static Path resolve() {
    String home = System.getProperty("vigil.registry.home");
    if (home != null && !home.isBlank()) {
      return checkHome(Path.of(home));
    }
    Path tarball = tarball();
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(
          "Apicurio registry distribution not found at "
              + tarball
              + "; build the project once (mvn -pl platform install) or set vigil.registry.dist");
    }
    Path target = cacheDir().resolve("apicurio-registry-" + VERSION);
    if (Files.isRegularFile(target.resolve(RUNNER_JAR))) {
      return target;
    }
    return unpack(tarball, target);
  }

  static Path tarball() {
    String dist = System.getProperty("vigil.registry.dist", System.getenv("VIGIL_REGISTRY_DIST"));
    if (dist != null && !dist.isBlank()) {
      return Path.of(dist);
    }
    String repo =
        System.getProperty(
            "maven.repo.local",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    return Path.of(
        repo,
        "io/apicurio/apicurio-registry-app",
        VERSION,
        "apicurio-registry-app-" + VERSION + "-all.tar.gz");
  }

  static Path cacheDir() {
    String dir = System.getProperty("vigil.cache.dir", System.getenv("VIGIL_CACHE_DIR"));
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "vigil");
  }

  private static Path checkHome(Path home) {
    if (!Files.isRegularFile(home.resolve(RUNNER_JAR))) {
      throw new IllegalStateException("vigil.registry.home " + home + " has no " + RUNNER_JAR);
    }
    return home;
  }

  /** Unpacks into a temp dir next to the target, then renames: concurrent callers are safe. */
  private static Path unpack(Path tarball, Path target) {
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempDirectory(target.getParent(), "unpack-");
      Process tar =
          new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", tmp.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
        tar.destroyForcibly();
        throw new IllegalStateException("tar failed to unpack " + tarball);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        FileUtils.deleteQuietly(tmp.toFile()); // another process won the race
      } catch (IOException e) {
        if (!Files.isRegularFile(target.resolve(RUNNER_JAR))) {
          throw e;
        }
        FileUtils.deleteQuietly(tmp.toFile());
      }
      return checkHome(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + tarball, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while unpacking " + tarball, e);
    }
  }
}
