package dev.vigil.schemas.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Apicurio Registry 2.6.13 (in-memory storage) started once per test JVM from the Maven
 * repository's distribution tarball, for the registry ITs. It stands in for {@code
 * dev.vigil.testkit.VigilPlatformExtension} until that exists: use
 * {@code @ExtendWith(ApicurioProcess.class)} and take an {@code ApicurioProcess} parameter; {@link
 * #registryUrl()} ends in {@code /apis/ccompat/v7} like {@code VigilPlatform.registryUrl()}.
 */
public final class ApicurioProcess implements ParameterResolver, AutoCloseable {

  private static final String VERSION = "2.6.13.Final";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final String registryUrl;

  /** For JUnit, which instantiates the extension; the registry itself lives in the root store. */
  public ApicurioProcess() {
    this.process = null;
    this.registryUrl = null;
  }

  private ApicurioProcess(Process process, String registryUrl) {
    this.process = process;
    this.registryUrl = registryUrl;
  }

  public String registryUrl() {
    return registryUrl;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ApicurioProcess.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(ApicurioProcess.class))
        .getOrComputeIfAbsent("registry", key -> start(), ApicurioProcess.class);
  }

  static ApicurioProcess start() {
    try {
      Path home = unpack();
      int port = freePort();
      Path log = home.resolveSibling("apicurio-" + port + ".log");
      Process process =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Xmx256m",
                      "-Dquarkus.http.host=127.0.0.1",
                      "-Dquarkus.http.port=" + port,
                      "-jar",
                      "apicurio-registry-app-" + VERSION + "-runner.jar"))
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      ApicurioProcess registry =
          new ApicurioProcess(process, "http://127.0.0.1:" + port + "/apis/ccompat/v7");
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      registry.awaitReady(log);
      return registry;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start Apicurio Registry", e);
    }
  }

  /** Untars the distribution once into target/ and reuses it afterwards. */
  private static Path unpack() throws IOException {
    Path target = Path.of("target", "apicurio-" + VERSION).toAbsolutePath();
    Path runner = target.resolve("apicurio-registry-app-" + VERSION + "-runner.jar");
    if (Files.exists(runner)) {
      return target;
    }
    Path dist =
        Path.of(
            System.getProperty(
                "vigil.registry.dist",
                System.getProperty("user.home")
                    + "/.m2/repository/io/apicurio/apicurio-registry-app/"
                    + VERSION
                    + "/apicurio-registry-app-"
                    + VERSION
                    + "-all.tar.gz"));
    if (!Files.isRegularFile(dist)) {
      throw new IllegalStateException(
          "Apicurio distribution not found at "
              + dist
              + "; fetch io.apicurio:apicurio-registry-app:"
              + VERSION
              + ":tar.gz:all");
    }
    Path partial = Files.createTempDirectory(target.getParent(), "apicurio-untar");
    run("tar", "-xzf", dist.toString(), "-C", partial.toString());
    try (var found =
        Files.find(partial, 3, (p, a) -> p.equals(p.resolveSibling(runner.getFileName())))) {
      Path unpacked = found.findFirst().orElseThrow().getParent();
      Files.move(unpacked, target);
    }
    return target;
  }

  private void awaitReady(Path log) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Apicurio exited early; see " + log);
      }
      try {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(registryUrl + "/subjects"))
                .timeout(Duration.ofSeconds(2))
                .build();
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    close();
    throw new IllegalStateException("Apicurio not ready after " + READY_TIMEOUT + "; see " + log);
  }

  private static void run(String... command) throws IOException {
    try {
      Process tar = new ProcessBuilder(command).inheritIO().start();
      if (tar.waitFor() != 0) {
        throw new IOException(command[0] + " failed with exit code " + tar.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the registry process (by its own handle) when the test JVM's root store closes. */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
