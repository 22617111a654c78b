package dev.vigil.alerts;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Debian {@code prometheus-alertmanager} binary as a child process on a free loopback port,
 * with a throw-away config (one receiver that sends nothing) and storage dir; clustering off.
 */
final class AlertmanagerProcess implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path dir;
  private final int port;
  private Process process;

  AlertmanagerProcess(Path dir) {
    this.dir = dir;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      this.port = s.getLocalPort();
      Files.writeString(
          dir.resolve("alertmanager.yml"),
          "route:\n  receiver: blackhole\n  group_wait: 1s\nreceivers:\n  - name: blackhole\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts it (again, on the same port and storage) and waits until it is ready. */
  AlertmanagerProcess start() {
    try {
      process =
          new ProcessBuilder(
                  BINARY.toString(),
                  "--config.file=" + dir.resolve("alertmanager.yml"),
                  "--storage.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--cluster.listen-address=")
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + BINARY, e);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> get("/-/ready").statusCode() == 200);
    return this;
  }

  void stop() {
    if (process != null) {
      process.destroy();
      await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive());
      process = null;
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** {@code GET /api/v2/alerts} (active, silenced, inhibited, unprocessed; resolved ones not). */
  JsonNode alerts() throws Exception {
    return JSON.readTree(get("/api/v2/alerts").body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroyForcibly();
    }
  }
}
