package dev.vigil.ingest.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates the JDK's HTTP servers with {@code TCP_NODELAY} on their connections.
 *
 * <p>The JDK server leaves Nagle's algorithm on unless {@value #NO_DELAY} is true, and it writes a
 * response's headers and body separately: the body then waits for the client's (delayed) ACK of the
 * headers. In {@code vigil bench ingest} that was ~25 ms of a 70 ms request
 * (docs/benchmarks/ingest-http.md). The JDK reads the property once, when the first server of the
 * process is created, so {@link #noDelay()} must run before any: this class does it when it is
 * loaded, and {@code vigil}'s {@code main} at start (other libraries, such as the Prometheus
 * exporter, create servers of their own). An operator's own setting of the property is kept.
 */
public final class JdkHttpServers {
  /** The JDK's system property for {@code TCP_NODELAY} on accepted connections. */
  public static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    noDelay();
  }

  private JdkHttpServers() {}

  /** Sets {@value #NO_DELAY} to true unless it is set already. */
  public static void noDelay() {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  /** {@link HttpServer#create(InetSocketAddress, int)}, after {@link #noDelay()}. */
  public static HttpServer http(InetSocketAddress address, int backlog) throws IOException {
    return HttpServer.create(address, backlog);
  }

  /** {@link HttpsServer#create(InetSocketAddress, int)}, after {@link #noDelay()}. */
  public static HttpsServer https(InetSocketAddress address, int backlog) throws IOException {
    return HttpsServer.create(address, backlog);
  }
}
