package dev.vigil.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry 2.6.13 as a child process, serving the Confluent-compatible API at
 * {@link #url()}.
 *
 * <p>The child runs under a small shell watchdog that kills it when this JVM disappears, even on
 * SIGKILL, so a crashed test or {@code vigil run} never leaves a registry behind.
 */
public final class RegistryProcess implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(RegistryProcess.class);
  public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  private final Process process;
  private final String url;
  private final Path log;
  private final ClassDataArchive archive;

  private RegistryProcess(Process process, String url, Path log, ClassDataArchive archive) {
    this.process = process;
    this.url = url;
    this.log = log;
    this.archive = archive;
  }

  /** Starts the registry and waits until its Confluent-compatible API answers. */
  public static RegistryProcess start(RegistrySettings settings) {
    Path home = settings.home().orElseGet(RegistryDistribution::resolve);
    Path work = settings.workDir().toAbsolutePath();
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create registry work dir " + work, e);
    }
    int port = Ports.resolve(settings.host(), settings.port());
    Path log = work.resolve("registry.log");
    ClassDataArchive archive = ClassDataArchive.of(home);
    List<String> java = javaCommand(settings, home, work, port, archive);
    String watchdog =
        "\"$@\" & c=$!; trap 'kill $c 2>/dev/null; wait $c; exit 0' TERM INT; "
            + "while kill -0 "
            + ProcessHandle.current().pid()
            + " 2>/dev/null && kill -0 $c 2>/dev/null; do sleep 1; done; "
            + "kill $c 2>/dev/null; wait $c";
    List<String> command = new ArrayList<>(List.of("sh", "-c", watchdog, "vigil-registry"));
    command.addAll(java);
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the registry process", e);
    }
    String base = "http://" + settings.host() + ":" + port;
    RegistryProcess registry = new RegistryProcess(process, base + CCOMPAT_PATH, log, archive);
    long started = System.nanoTime();
    try {
      registry.awaitReady(settings.startTimeout());
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    LOGGER
        .atInfo()
        .addKeyValue("url", registry.url)
        .addKeyValue("persistent", settings.persistent())
        .addKeyValue("classDataSharing", archive.mode())
        .addKeyValue("startMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .log("schema registry started");
    return registry;
  }

  private static List<String> javaCommand(
      RegistrySettings settings, Path home, Path work, int port, ClassDataArchive archive) {
    String javaBin =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin);
    cmd.add("-Xmx" + settings.maxHeapMb() + "m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(archive.jvmOptions());
    cmd.add("-Dquarkus.http.host=" + settings.host());
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.add("-Dquarkus.log.level=WARN");
    if (settings.persistent()) {
      cmd.add("-DREGISTRY_DATASOURCE_URL=jdbc:h2:file:" + work.resolve("registry-db"));
    }
    cmd.add("-jar");
    cmd.add(home.resolve(RegistryDistribution.RUNNER_JAR).toString());
    return cmd;
  }

  private void awaitReady(Duration timeout) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // as the registry client (RegistryHttp)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(url + "/subjects"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "registry process exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the registry", e);
      }
      sleep(50);
    }
    throw new IllegalStateException("registry not ready after " + timeout + "; see " + log);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The Confluent-compatible base URL, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
  public String url() {
    return url;
  }

  public Path logFile() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM (the watchdog stops the JVM), waits up to 15 s, then kills. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    boolean clean = false;
    try {
      clean = process.waitFor(15, TimeUnit.SECONDS);
      if (!clean) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    archive.finish(clean);
    LOGGER.atInfo().addKeyValue("url", url).log("schema registry stopped");
  }
}
