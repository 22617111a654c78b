package dev.vigil.app.components;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.text.SafeText;
import dev.vigil.streams.failover.FailoverStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page and its JSON API on the JDK HTTP server, read-only: {@code GET /} (a
 * self-contained page that polls the API every 2 s), {@code GET /api/v1/services}, {@code GET
 * /api/v1/services/<service>}. Answers 503 while the correlator's stores are not queryable.
 */
public final class StatusServer implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(StatusServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/api/v1/services";

  /** Where the statuses come from ({@code FailoverStatusQuery} in production). */
  public interface Source {
    List<FailoverStatus> all(Instant now);

    Optional<FailoverStatus> one(String service, Instant now);
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Source source;
  private final Clock clock;
  private final byte[] page;

  private StatusServer(HttpServer server, Source source, Clock clock) {
    this.server = server;
    this.source = source;
    this.clock = clock;
    this.page = resource("status/index.html");
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "vigil-status-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts on {@code host}:{@code port} (0 = a free port). */
  public static StatusServer start(String host, int port, Source source) {
    try {
      StatusServer s =
          new StatusServer(
              HttpServer.create(new InetSocketAddress(host, port), 16), source, Clock.systemUTC());
      s.server.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the status server on " + host + ":" + port, e);
    }
  }

  public URI url() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/");
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod())) {
        send(ex, 405, "application/json", error("only GET"));
        return;
      }
      String path = ex.getRequestURI().getPath();
      if (path.equals("/") || path.equals("/index.html")) {
        send(ex, 200, "text/html; charset=utf-8", page);
        return;
      }
      Instant now = clock.instant();
      try {
        if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
          ObjectNode body = JSON.createObjectNode();
          body.put("as_of", now.toString());
          ArrayNode services = body.putArray("services");
          source.all(now).forEach(s -> services.add(json(s, now)));
          send(ex, 200, "application/json", JSON.writeValueAsBytes(body));
        } else if (path.startsWith(PREFIX + "/")) {
          String service = path.substring(PREFIX.length() + 1);
          Optional<FailoverStatus> s = source.one(service, now);
          if (s.isEmpty()) {
            send(ex, 404, "application/json", error("no such service on this instance"));
          } else {
            send(ex, 200, "application/json", JSON.writeValueAsBytes(json(s.get(), now)));
          }
        } else {
          send(ex, 404, "application/json", error("not found"));
        }
      } catch (InvalidStateStoreException e) {
        send(
            ex, 503, "application/json", error("correlator state not queryable yet (rebalancing)"));
      }
    } catch (RuntimeException e) {
      LOGGER
          .atError()
          .addKeyValue("error", e.getClass().getSimpleName())
          .log("status request failed");
    }
  }

  /** One service as JSON (field names as on vigil.failover.state.v1). */
  static ObjectNode json(FailoverStatus status, Instant now) {
    FailoverState s = status.state();
    ObjectNode o = JSON.createObjectNode();
    o.put("service", s.getService());
    o.put("active_site", s.getActiveSite());
    o.put("standby_site", s.getStandbySite());
    o.put("phase", s.getPhase().name());
    o.put("stage", s.getStage() == null ? null : s.getStage().name());
    o.put("step", s.getStep());
    o.put("traffic_percent", s.getTrafficPercent());
    o.put("incident_id", s.getIncidentId());
    o.put("incident_from", status.incidentFrom());
    o.put("incident_to", status.incidentTo());
    ObjectNode health = o.putObject("site_health");
    s.getSiteHealth().forEach((site, h) -> health.put(site, h.name()));
    ArrayNode gates = o.putArray("gates");
    for (GateResult g : s.getGates()) {
      ObjectNode gate = gates.addObject();
      gate.put("gate", g.getGate().name());
      gate.put("site", s.getStandbySite());
      gate.put("passed", g.getPassed());
      gate.put("waived", g.getWaived());
      gate.put("reason", SafeText.escape(g.getReason()));
      ArrayNode ev = gate.putArray("evidence");
      g.getEvidenceEventIds().forEach(ev::add);
    }
    ArrayNode waivers = o.putArray("waivers");
    for (FailoverStatus.WaiverView w : status.waivers()) {
      waivers
          .addObject()
          .put("site", w.site())
          .put("gate", w.gate().name())
          .put("expires_at", w.expiresAt().toString())
          .put("expires_in_s", Math.max(0, w.expiresAt().getEpochSecond() - now.getEpochSecond()))
          .put("operator", SafeText.escape(w.operator()));
    }
    ArrayNode alerts = o.putArray("open_alerts");
    status.openAlerts().forEach(a -> alerts.add(SafeText.escape(a)));
    o.put("flap_count", s.getFlapCount());
    o.put("cooldown_until", s.getCooldownUntil() == null ? null : s.getCooldownUntil().toString());
    o.put("config_version", s.getConfigVersion());
    o.put("as_of", now.toString());
    return o;
  }

  private static byte[] error(String message) {
    return ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders()
        .set(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'");
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  private static byte[] resource(String name) {
    try (InputStream in = StatusServer.class.getResourceAsStream("/dev/vigil/app/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
