package dev.vigil.app.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.app.selfmon.SelfHealth;
import dev.vigil.app.selfmon.SelfReading;
import dev.vigil.ingest.http.JdkHttpServers;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.logging.Causes;
import dev.vigil.schemas.text.SafeText;
import dev.vigil.streams.failover.FailoverStatus;
import dev.vigil.streams.failover.TransitionLogEntry;
import dev.vigil.streams.runtime.StreamsStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page and its JSON API on the JDK HTTP server, read-only: {@code GET /} (a
 * self-contained page that polls the API every 2 s), {@code GET /api/v1/services}, {@code GET
 * /api/v1/services/<service>}, {@code GET /api/v1/health} (Streams apps and self-alerts) and {@code
 * GET /readyz} (the same, 503 when not ready). Answers 503 while the correlator's stores are not
 * queryable. With several instances a service is answered by the instance owning it (the request is
 * forwarded to its {@code application.server}, {@code ?local=1}) and the list gathers every
 * instance's services.
 */
public final class StatusServer implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(StatusServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/api/v1/services";
  private static final String HEALTH = "/api/v1/health";

  /** Response header naming the instance that answered a forwarded request. */
  static final String SERVED_BY = "X-Vigil-Served-By";

  /** Where the statuses come from ({@code FailoverStatusQuery} in production). */
  public interface Source {
    List<FailoverStatus> all(Instant now);

    Optional<FailoverStatus> one(String service, Instant now);

    /** The other instance owning {@code service} ({@code host:port}); empty when it is this one. */
    default Optional<String> ownerElsewhere(String service) {
      return Optional.empty();
    }

    /** The other instances of the correlator ({@code host:port} of their status servers). */
    default List<String> peers() {
      return List.of();
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Source source;
  private final Clock clock;
  private final byte[] page;
  private final Optional<SelfHealth> health;
  private final HttpClient peers =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private StatusServer(HttpServer server, Source source, Optional<SelfHealth> health, Clock clock) {
    this.server = server;
    this.source = source;
    this.health = health;
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
    return start(host, port, source, Optional.empty());
  }

  /** As {@link #start(String, int, Source)}, with {@code /readyz} and {@code /api/v1/health}. */
  public static StatusServer start(
      String host, int port, Source source, Optional<SelfHealth> health) {
    try {
      StatusServer s =
          new StatusServer(
              JdkHttpServers.http(new InetSocketAddress(host, port), 16),
              source,
              health,
              Clock.systemUTC());
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
      boolean local = "local=1".equals(ex.getRequestURI().getRawQuery());
      try {
        if (path.equals("/readyz") || path.equals(HEALTH)) {
          health(ex, path.equals("/readyz"), now);
        } else if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
          send(ex, 200, "application/json", JSON.writeValueAsBytes(list(now, local)));
        } else if (path.startsWith(PREFIX + "/")) {
          String service = path.substring(PREFIX.length() + 1);
          Optional<String> owner = local ? Optional.empty() : source.ownerElsewhere(service);
          if (owner.isPresent()) {
            forward(ex, owner.get(), PREFIX + "/" + service);
            return;
          }
          Optional<FailoverStatus> s = source.one(service, now);
          if (s.isEmpty()) {
            send(ex, 404, "application/json", error("no such service"));
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
      Causes.error(LOGGER, e).log("status request failed");
    }
  }

  /** This instance's services, and unless {@code local} those of every other instance. */
  private ObjectNode list(Instant now, boolean local) {
    ObjectNode body = JSON.createObjectNode();
    body.put("as_of", now.toString());
    ArrayNode services = body.putArray("services");
    Map<String, JsonNode> byName = new TreeMap<>();
    source.all(now).forEach(s -> byName.put(s.state().getService(), json(s, now)));
    ArrayNode unreachable = body.putArray("unreachable_instances");
    if (!local) {
      for (String peer : source.peers()) {
        try {
          HttpResponse<byte[]> r = get(peer, PREFIX);
          if (r.statusCode() != 200) {
            unreachable.add(peer);
            continue;
          }
          for (JsonNode s : JSON.readTree(r.body()).path("services")) {
            byName.putIfAbsent(s.path("service").asText(), s);
          }
        } catch (IOException e) {
          unreachable.add(peer);
        }
      }
    }
    byName.values().forEach(services::add);
    return body;
  }

  /** Relays the owner's answer for {@code path}; 502 when the owner does not answer. */
  private void forward(HttpExchange ex, String owner, String path) throws IOException {
    try {
      HttpResponse<byte[]> r = get(owner, path);
      ex.getResponseHeaders().set(SERVED_BY, owner);
      send(ex, r.statusCode(), "application/json", r.body());
    } catch (IOException e) {
      Causes.warn(LOGGER, e).addKeyValue("owner", owner).log("status request not forwarded");
      send(ex, 502, "application/json", error("the instance owning this service did not answer"));
    }
  }

  private HttpResponse<byte[]> get(String hostPort, String path) throws IOException {
    try {
      URI uri = new URI("http://" + hostPort).resolve(new URI(null, null, path, "local=1", null));
      return peers.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("bad instance address", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** {@code /api/v1/health} (always 200) or {@code /readyz} (503 when not ready). */
  private void health(HttpExchange ex, boolean readiness, Instant now) throws IOException {
    if (health.isEmpty()) {
      send(ex, 404, "application/json", error("no health on this server"));
      return;
    }
    ObjectNode body = health(health.get(), now);
    boolean ready = body.get("ready").asBoolean();
    send(ex, readiness && !ready ? 503 : 200, "application/json", JSON.writeValueAsBytes(body));
  }

  /** The process's health as JSON: readiness, Streams apps, open self-alerts, latest readings. */
  static ObjectNode health(SelfHealth h, Instant now) {
    ObjectNode o = JSON.createObjectNode();
    boolean ready = h.ready();
    o.put("ready", ready);
    o.put("status", ready ? "ready" : "not ready");
    o.put("as_of", now.toString());
    o.put("checked_at", h.checkedAt().map(Instant::toString).orElse(null));
    ArrayNode streams = o.putArray("streams");
    for (StreamsStatus s : h.streams()) {
      streams
          .addObject()
          .put("application_id", s.applicationId())
          .put("state", s.state().name())
          .put("ready", s.ready())
          .put("since", s.since().toString())
          .put("thread_replacements", s.threadReplacements());
    }
    List<String> blocking = h.blockingAlerts();
    ArrayNode open = o.putArray("self_alerts");
    for (SelfHealth.OpenAlert a : h.openAlerts()) {
      ObjectNode alert =
          open.addObject()
              .put("dedup_key", a.dedupKey())
              .put("severity", a.severity().name())
              .put("blocks_readiness", blocking.contains(a.dedupKey()));
      a.reading().ifPresent(r -> alert.put("summary", r.summary()));
    }
    ArrayNode checks = o.putArray("checks");
    for (SelfReading r : h.readings().values()) {
      ObjectNode c =
          checks
              .addObject()
              .put("check", r.check().name())
              .put("subject", r.subject())
              .put("ok", !r.bad())
              .put("summary", r.summary());
      ObjectNode details = c.putObject("details");
      new TreeMap<>(r.details()).forEach(details::put);
    }
    return o;
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
    gates(o.putArray("gates"), status, now);
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
    ArrayNode transitions = o.putArray("recent_transitions");
    for (TransitionLogEntry t : status.recentTransitions()) {
      transitions
          .addObject()
          .put("at", t.at().toString())
          .put("age_s", Math.max(0, Duration.between(t.at(), now).getSeconds()))
          .put("transition", t.transition().name())
          .put("step", t.step())
          .put("traffic_percent", t.trafficPercent())
          .put("incident_id", SafeText.escape(t.incidentId()))
          .put("from_site", SafeText.escape(t.fromSite()))
          .put("to_site", SafeText.escape(t.toSite()))
          .put("reason", SafeText.escape(t.reason()));
    }
    o.put("flap_count", s.getFlapCount());
    o.put("cooldown_until", s.getCooldownUntil() == null ? null : s.getCooldownUntil().toString());
    o.put("config_version", s.getConfigVersion());
    o.put("as_of", now.toString());
    return o;
  }

  /** Each gate on the standby site, with its evidence and how old that is. */
  private static void gates(ArrayNode gates, FailoverStatus status, Instant now) {
    FailoverState s = status.state();
    for (GateResult g : s.getGates()) {
      ObjectNode gate = gates.addObject();
      gate.put("gate", g.getGate().name());
      gate.put("site", s.getStandbySite());
      gate.put("passed", g.getPassed());
      gate.put("waived", g.getWaived());
      gate.put("reason", SafeText.escape(g.getReason()));
      ArrayNode ev = gate.putArray("evidence");
      g.getEvidenceEventIds().forEach(ev::add);
      ArrayNode ages = gate.putArray("evidence_age");
      for (String id : g.getEvidenceEventIds()) {
        ObjectNode e = ages.addObject().put("event_id", id);
        Instant observed = status.evidenceObservedAt().get(id);
        if (observed != null) {
          e.put("observed_at", observed.toString());
          e.put("age_s", java.time.Duration.between(observed, now).toSeconds());
        }
      }
    }
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
