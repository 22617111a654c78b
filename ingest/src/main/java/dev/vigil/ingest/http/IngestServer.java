package dev.vigil.ingest.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.ingest.tls.TlsConfig;
import dev.vigil.schemas.logging.Causes;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ingest API on the JDK's {@code HttpServer}/{@code HttpsServer}: {@code POST /v1/events},
 * {@code GET /healthz}, {@code GET /readyz}. See {@code ingest/README.md (section 1)}.
 */
public final class IngestServer implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(IngestServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI uri;

  private IngestServer(HttpServer server, ExecutorService executor, URI uri) {
    this.server = server;
    this.executor = executor;
    this.uri = uri;
  }

  /**
   * Binds and starts the server.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if the TLS key store cannot be loaded (the message names the
   *     key {@code ingest.tls.key-store}, never the password)
   */
  public static IngestServer start(
      IngestHttpConfig config, DurableProducer producer, OpenTelemetry otel) throws IOException {
    return start(config, producer, otel, Map.of());
  }

  /**
   * An extra condition of {@code GET /readyz} (e.g. the Streams apps of {@code vigil run}): the
   * server is ready only while every check is, and the body lists each check's parts under its
   * name.
   */
  @FunctionalInterface
  public interface ReadinessCheck {
    Result check();

    /**
     * @param ready whether this check lets the server be ready
     * @param parts part → state, listed in the body (e.g. application id → Streams state)
     */
    record Result(boolean ready, Map<String, String> parts) {
      public Result {
        parts = Map.copyOf(parts);
      }
    }
  }

  /** As {@link #start(IngestHttpConfig, DurableProducer, OpenTelemetry)}, with readiness checks. */
  public static IngestServer start(
      IngestHttpConfig config,
      DurableProducer producer,
      OpenTelemetry otel,
      Map<String, ReadinessCheck> readiness)
      throws IOException {
    Map<String, ReadinessCheck> checks = new TreeMap<>(readiness);
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    HttpServer server;
    if (config.tls().isPresent()) {
      HttpsServer https = JdkHttpServers.https(address, 64);
      TlsConfig tls = config.tls().get();
      SSLContext context = tls.serverContext("ingest.http");
      https.setHttpsConfigurator(
          new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters ssl = context.getDefaultSSLParameters();
              ssl.setNeedClientAuth(tls.mutual());
              params.setSSLParameters(ssl);
            }
          });
      server = https;
    } else {
      server = JdkHttpServers.http(address, 64);
    }
    HttpMetrics metrics = new HttpMetrics(otel);
    server.createContext("/v1/events", new EventsHandler(config, producer, metrics));
    server.createContext(
        "/healthz",
        exchange -> guarded(exchange, () -> health(exchange, producer, false, config, checks)));
    server.createContext(
        "/readyz",
        exchange -> guarded(exchange, () -> health(exchange, producer, true, config, checks)));
    server.createContext(
        "/", exchange -> Responses.send(exchange, 404, Responses.error("not found")));
    // Threads beyond maxInFlight answer 429 quickly instead of queueing behind slow requests.
    ExecutorService executor = Executors.newFixedThreadPool(config.maxInFlight() + 4, threads());
    server.setExecutor(executor);
    server.start();
    String scheme = config.tls().isPresent() ? "https" : "http";
    URI uri =
        URI.create(scheme + "://" + config.host() + ":" + server.getAddress().getPort() + "/");
    LOGGER
        .atInfo()
        .addKeyValue("uri", uri)
        .addKeyValue("collectors", config.tokens().size())
        .log("ingest HTTP API started");
    return new IngestServer(server, executor, uri);
  }

  /** Base URI, e.g. {@code http://127.0.0.1:41234/}. */
  public URI uri() {
    return uri;
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOGGER.atInfo().addKeyValue("uri", uri).log("ingest HTTP API stopped");
  }

  private static void health(
      HttpExchange exchange,
      DurableProducer producer,
      boolean readiness,
      IngestHttpConfig config,
      Map<String, ReadinessCheck> checks)
      throws IOException {
    if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      Responses.send(exchange, 405, Responses.error("method not allowed; use GET"));
      return;
    }
    boolean kafka = producer.kafkaReachable();
    if (!readiness) {
      Responses.send(
          exchange, 200, Responses.status("up", kafka, producer.depthBytes(), producer.maxBytes()));
      return;
    }
    boolean room = producer.depthBytes() + config.maxBodyBytes() <= producer.maxBytes();
    boolean ready = kafka || room;
    Map<String, Map<String, String>> parts = new TreeMap<>();
    for (Map.Entry<String, ReadinessCheck> check : checks.entrySet()) {
      ReadinessCheck.Result result = check.getValue().check();
      ready &= result.ready();
      parts.put(check.getKey(), result.parts());
    }
    Responses.send(
        exchange,
        ready ? 200 : 503,
        Responses.status(
            ready ? "ready" : "not ready",
            kafka,
            producer.depthBytes(),
            producer.maxBytes(),
            parts));
  }

  private interface Action {
    void run() throws IOException;
  }

  /** Never leaves a client without an answer when a handler fails. */
  private static void guarded(HttpExchange exchange, Action action) throws IOException {
    try {
      action.run();
    } catch (IOException | RuntimeException e) {
      Causes.warn(LOGGER, e).withoutMessages().log("request failed");
      try {
        Responses.send(exchange, 500, Responses.error("internal error"));
      } finally {
        exchange.close();
      }
    }
  }

  private static ThreadFactory threads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "vigil-ingest-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
