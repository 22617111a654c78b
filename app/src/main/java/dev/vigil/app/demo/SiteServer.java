package dev.vigil.app.demo;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.ingest.http.JdkHttpServers;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A site's service: {@code GET /health} → 200 on a free loopback port, until it is stopped. */
final class SiteServer implements AutoCloseable {
  private final HttpServer server;
  private volatile boolean stopped;

  private SiteServer(HttpServer server) {
    this.server = server;
  }

  static SiteServer start() throws IOException {
    HttpServer s = JdkHttpServers.http(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext(
        "/health",
        exchange -> {
          byte[] ok = "ok\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    s.start();
    return new SiteServer(s);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The site degrades: its port stops answering (probes get "connection refused"). */
  void stop() {
    if (!stopped) {
      stopped = true;
      server.stop(0);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
