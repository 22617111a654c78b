package dev.vigil.app.telemetry;

import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Starts the Prometheus scrape server. {@link PrometheusHttpServer} does not expose the port it
 * bound, so for port 0 a free port is found first with a throw-away {@link ServerSocket}; the gap
 * between probing and binding is closed by retrying a few times.
 */
final class PrometheusEndpoint {

  private static final int ATTEMPTS = 5;

  private final PrometheusHttpServer server;
  private final URI uri;

  private PrometheusEndpoint(PrometheusHttpServer server, URI uri) {
    this.server = server;
    this.uri = uri;
  }

  static PrometheusEndpoint start(String host, int port) {
    UncheckedIOException last = null;
    int attempts = port == TelemetryConfig.PICK_FREE_PORT ? ATTEMPTS : 1;
    for (int i = 0; i < attempts; i++) {
      int chosen = port == TelemetryConfig.PICK_FREE_PORT ? freePort(host) : port;
      try {
        PrometheusHttpServer server =
            PrometheusHttpServer.builder().setHost(host).setPort(chosen).build();
        return new PrometheusEndpoint(server, metricsUri(host, chosen));
      } catch (UncheckedIOException e) {
        last = e;
      }
    }
    throw new IllegalStateException(
        "telemetry.prometheusPort: cannot bind " + host + ":" + port, last);
  }

  PrometheusHttpServer server() {
    return server;
  }

  URI uri() {
    return uri;
  }

  static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("telemetry.prometheusHost: cannot bind " + host, e);
    }
  }

  private static URI metricsUri(String host, int port) {
    try {
      // The multi-argument constructor brackets IPv6 literals.
      return new URI("http", null, host, port, "/metrics", null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("telemetry.prometheusHost is not a valid host", e);
    }
  }
}
