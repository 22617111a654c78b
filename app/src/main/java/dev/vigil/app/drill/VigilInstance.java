package dev.vigil.app.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.Main;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One site's Vigil instance: {@code vigil streams --config <site>.yaml} (redactor, correlator, OCSF
 * exporter, alert dispatcher, or those {@code --only} names) in its own JVM, as an operator runs
 * it, output in {@code <dir>/vigil.log}. Losing the site is {@link #kill()}: SIGKILL, no shutdown
 * hook. Public for {@code vigil bench scale-out}, which starts several of them.
 */
public final class VigilInstance implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration POLL = Duration.ofMillis(200);

  private final Location site;
  private final String name;
  private final Process process;
  private final Path dir;
  private volatile URI status;

  private VigilInstance(Location site, String name, Process process, Path dir) {
    this.site = site;
    this.name = name;
    this.process = process;
    this.dir = dir;
  }

  /**
   * Creates the redaction keyset ({@code vigil-pseudonym}) the instances of one drill or bench
   * share, under {@code dir/keys}, and returns that directory.
   */
  public static Path sharedKeys(Path dir) throws IOException {
    return DrillFiles.keys(dir);
  }

  static VigilInstance start(Location site, Path config, Path dir, int heapMb) {
    return start(site, site.rack(), config, dir, heapMb, List.of());
  }

  /**
   * Starts {@code vigil streams --config <config> --data-dir <dir> <streamsArgs>} in its own JVM
   * (this JVM's class path, {@code -Xmx<heapMb>m}); {@code name} names it in errors.
   */
  public static VigilInstance start(
      String name, Path config, Path dir, int heapMb, List<String> streamsArgs) {
    return start(null, name, config, dir, heapMb, streamsArgs);
  }

  private static VigilInstance start(
      Location site, String name, Path config, Path dir, int heapMb, List<String> streamsArgs) {
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve("vigil.log");
      List<String> cmd = new ArrayList<>();
      cmd.add(
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      cmd.add("-Xmx" + heapMb + "m");
      String dist = System.getProperty("vigil.registry.dist");
      if (dist != null) {
        cmd.add("-Dvigil.registry.dist=" + dist);
      }
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(Main.class.getName());
      cmd.addAll(List.of("streams", "--config", config.toString(), "--data-dir", dir.toString()));
      cmd.addAll(streamsArgs);
      Process process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new VigilInstance(site, name, process, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Vigil instance at " + name, e);
    }
  }

  Location site() {
    return site;
  }

  /** The name it was started with (the site's rack for the drill). */
  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return dir.resolve("vigil.log");
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for {@code endpoints.json}; fails when the instance exits or {@code timeout} passes. */
  @SuppressWarnings("unchecked")
  public void awaitReady(Duration timeout) throws IOException, InterruptedException {
    Path file = dir.resolve("endpoints.json");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.isRegularFile(file)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the Vigil instance at "
                + name
                + " exited with "
                + process.exitValue()
                + "; see "
                + log());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the Vigil instance at " + name + " not ready after " + timeout + "; " + log());
      }
      process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
    }
    Map<String, String> endpoints = new ObjectMapper().readValue(file.toFile(), Map.class);
    String url = endpoints.get("status"); // only with the correlator
    status = url == null ? null : URI.create(url);
  }

  /**
   * True when this instance itself (not a peer it forwards to) serves the service's status: it runs
   * the service's correlator task.
   */
  boolean runsTaskOf(String service) {
    if (status == null || !process.isAlive()) {
      return false;
    }
    URI uri = status.resolve("api/v1/services/" + service + "?local=1");
    try {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A hard stop: SIGKILL, no shutdown hook, no clean close; returns when the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
