package dev.vigil.ingest.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.ingest.event.EventKeys;
import dev.vigil.ingest.spool.AppendResult;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.ingest.spool.SpoolFullException;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.json.EventFormatException;
import dev.vigil.schemas.json.EventJson;
import dev.vigil.schemas.json.EventTypes;
import dev.vigil.schemas.logging.Causes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}. Checks, in order: method (405), bearer token (401), content type (415),
 * declared length (413, body unread), in-flight limit (429); then reads the body (413 past the
 * limit), validates every event (schema, scope fields, the collector's grant — site and kind, see
 * {@link CollectorGrant} — then the clock discipline on {@code observed_at}), hands the valid ones
 * to the {@link DurableProducer} and answers once they are durable: 200 (committed), 202 (spooled),
 * 207 (some lines rejected), 400 (all rejected), 403 (all outside the grant). Logs carry counts,
 * line numbers, reasons and the collector id only.
 */
final class EventsHandler implements HttpHandler {
  static final String COLLECTOR_HEADER = "vigil.collector";

  /** Rejection category of an event the collector's token may not publish (site or kind). */
  static final String FORBIDDEN = "forbidden";

  private static final Logger LOGGER = LoggerFactory.getLogger(EventsHandler.class);

  private enum Format {
    NDJSON,
    ARRAY
  }

  /** A strict decoder per request thread (decode() resets it), not one per event. */
  private static final ThreadLocal<CharsetDecoder> UTF8 =
      ThreadLocal.withInitial(
          () ->
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT));

  private final IngestHttpConfig config;
  private final DurableProducer producer;
  private final BearerAuth auth;
  private final EventJson eventJson;
  private final Semaphore inFlight;
  private final HttpMetrics metrics;

  EventsHandler(IngestHttpConfig config, DurableProducer producer, HttpMetrics metrics) {
    this.config = config;
    this.producer = producer;
    this.auth = new BearerAuth(config.tokens());
    this.eventJson = new EventJson(config.maxLineBytes());
    this.inFlight = new Semaphore(config.maxInFlight());
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    int status;
    try {
      status = dispatch(exchange);
    } catch (IOException | RuntimeException e) {
      Causes.warn(LOGGER, e).withoutMessages().log("ingest request failed");
      status = 500;
      try {
        Responses.send(exchange, 500, Responses.error("internal error"));
      } catch (IOException | RuntimeException ignored) {
        exchange.close();
      }
    }
    metrics.answered(status, (System.nanoTime() - started) / 1e6);
  }

  private int dispatch(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      return reply(exchange, 405, "method not allowed; use POST");
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    Optional<String> collector = auth.authenticate(authorization);
    if (collector.isEmpty()) {
      exchange
          .getResponseHeaders()
          .set(
              "WWW-Authenticate",
              authorization == null
                  ? "Bearer realm=\"vigil-ingest\""
                  : "Bearer realm=\"vigil-ingest\", error=\"invalid_token\"");
      LOGGER
          .atInfo()
          .addKeyValue("tokenPresent", authorization != null)
          .log("ingest request unauthorized");
      return reply(
          exchange, 401, authorization == null ? "missing bearer token" : "invalid bearer token");
    }
    Optional<Format> format = format(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (format.isEmpty()) {
      return reply(
          exchange,
          415,
          "unsupported content type; use application/x-ndjson or application/json (UTF-8)");
    }
    long declared = declaredLength(exchange);
    if (declared > config.maxBodyBytes()) {
      exchange.getResponseHeaders().set("Connection", "close");
      return reply(exchange, 413, "body larger than " + config.maxBodyBytes() + " bytes");
    }
    if (!inFlight.tryAcquire()) {
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(config.retryAfterSeconds()));
      return reply(exchange, 429, "too many requests in flight; retry later");
    }
    try {
      return ingest(exchange, collector.get(), format.get());
    } finally {
      inFlight.release();
    }
  }

  /** A request body read into memory: {@code length} bytes of {@code bytes}. */
  private record Body(byte[] bytes, int length) {}

  /** The request body, or empty when it is larger than {@code maxBodyBytes}. */
  private Optional<Body> readBody(HttpExchange exchange) throws IOException {
    byte[] body = new byte[(int) Math.min(config.maxBodyBytes() + 1, 64 * 1024)];
    int length = 0;
    try (InputStream in = exchange.getRequestBody()) {
      while (true) {
        if (length == body.length) {
          if (length > config.maxBodyBytes()) {
            return Optional.empty();
          }
          body =
              java.util.Arrays.copyOf(
                  body, (int) Math.min((long) body.length * 2, config.maxBodyBytes() + 1));
        }
        int n = in.read(body, length, body.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
    }
    return length > config.maxBodyBytes() ? Optional.empty() : Optional.of(new Body(body, length));
  }

  private int ingest(HttpExchange exchange, String collector, Format format) throws IOException {
    Optional<Body> read = readBody(exchange);
    if (read.isEmpty()) {
      exchange.getResponseHeaders().set("Connection", "close");
      return reply(exchange, 413, "body larger than " + config.maxBodyBytes() + " bytes");
    }
    byte[] body = read.get().bytes();
    int length = read.get().length();
    List<BodySplitter.Part> parts;
    try {
      parts =
          format == Format.NDJSON
              ? BodySplitter.ndjson(body, length)
              : BodySplitter.jsonArray(body, length);
    } catch (BodySplitter.BadBody e) {
      LOGGER
          .atInfo()
          .addKeyValue("collector", collector)
          .addKeyValue("reason", e.getMessage())
          .log("ingest request rejected");
      return reply(exchange, 400, e.getMessage());
    }
    if (parts.isEmpty()) {
      return reply(exchange, 400, "no events in the body");
    }
    List<OutgoingEvent> accepted = new ArrayList<>(parts.size());
    List<Responses.Rejection> rejected = new ArrayList<>();
    toEvents(parts, collector, accepted, rejected);
    AppendResult result = new AppendResult(0, 0, -1);
    if (!accepted.isEmpty()) {
      try {
        result = producer.send(accepted);
      } catch (SpoolFullException e) {
        return unavailable(exchange, "spool full; retry later");
      } catch (SerializationException e) {
        Causes.warn(LOGGER, e)
            .withoutMessages()
            .addKeyValue("collector", collector)
            .addKeyValue("events", accepted.size())
            .log("ingest: events could not be serialised (schema registry unreachable?)");
        return unavailable(exchange, "schema registry unavailable; retry later");
      } catch (IOException e) {
        return unavailable(exchange, "spool unavailable; retry later");
      }
      metrics.accepted(collector, result.accepted(), result.duplicates());
    }
    boolean delivered = awaitDelivered(result);
    int status = status(accepted, rejected, delivered);
    logAnswer(collector, result, rejected, delivered, status);
    Responses.send(
        exchange,
        status,
        Responses.result(result.accepted(), result.duplicates(), delivered, rejected));
    return status;
  }

  /** Each part as an event in {@code accepted}, or its rejection in {@code rejected}. */
  private void toEvents(
      List<BodySplitter.Part> parts,
      String collector,
      List<OutgoingEvent> accepted,
      List<Responses.Rejection> rejected) {
    Instant now = config.clock().instant();
    for (BodySplitter.Part part : parts) {
      try {
        accepted.add(toEvent(part, collector, now));
      } catch (Rejected r) {
        rejected.add(new Responses.Rejection(part.number(), r.getMessage(), r.category));
        metrics.rejected(collector, r.category);
      }
    }
  }

  /** 200 delivered, 202 spooled, 207 partly rejected, 400/403 all rejected. */
  private static int status(
      List<OutgoingEvent> accepted, List<Responses.Rejection> rejected, boolean delivered) {
    if (!rejected.isEmpty()) {
      return accepted.isEmpty() ? (allForbidden(rejected) ? 403 : 400) : 207;
    }
    return delivered ? 200 : 202;
  }

  /** Payload-free: counts, the status, and (at DEBUG) the first rejections' line and reason. */
  private static void logAnswer(
      String collector,
      AppendResult result,
      List<Responses.Rejection> rejected,
      boolean delivered,
      int status) {
    long forbidden = rejected.stream().filter(r -> FORBIDDEN.equals(r.category())).count();
    if (forbidden > 0) {
      LOGGER
          .atWarn()
          .addKeyValue("collector", collector)
          .addKeyValue("events", forbidden)
          .log("ingest: events outside the collector's grant (site or kind) refused");
    }
    LOGGER
        .atInfo()
        .addKeyValue("collector", collector)
        .addKeyValue("accepted", result.accepted())
        .addKeyValue("duplicates", result.duplicates())
        .addKeyValue("rejected", rejected.size())
        .addKeyValue("delivered", delivered)
        .addKeyValue("status", status)
        .log("ingest request answered");
    for (Responses.Rejection r : rejected.subList(0, Math.min(rejected.size(), 20))) {
      LOGGER
          .atDebug()
          .addKeyValue("collector", collector)
          .addKeyValue("line", r.line())
          .addKeyValue("reason", r.reason())
          .log("ingest event rejected");
    }
  }

  /**
   * docs/design.md §7: accepted events are on Kafka with {@code acks=all} before the answer. The
   * request waits (up to {@code ackTimeout}) for the spool sender's transaction that carries its
   * last event to commit. While Kafka is unreachable, or when it does not commit in time, the
   * events are already fsynced in the spool and will be replayed in order: the answer is then 202,
   * never a loss and never an error the client would retry into a duplicate.
   */
  private boolean awaitDelivered(AppendResult result) {
    if (result.lastSeq() < 0) {
      return true; // nothing new: only duplicates or nothing accepted
    }
    if (!producer.kafkaReachable() || config.ackTimeout().isZero()) {
      return false;
    }
    try {
      return producer.awaitDelivered(result.lastSeq(), config.ackTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A per-event rejection; the message is PII-safe. */
  private static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    final String category;

    Rejected(String message, String category) {
      super(message, null, false, false);
      this.category = category;
    }
  }

  private OutgoingEvent toEvent(BodySplitter.Part part, String collector, Instant now)
      throws Rejected {
    if (part.length() > config.maxLineBytes()) {
      throw new Rejected(
          "(root): line longer than the limit of " + config.maxLineBytes() + " bytes", "too_long");
    }
    String json;
    try {
      json =
          UTF8.get().decode(ByteBuffer.wrap(part.body(), part.start(), part.length())).toString();
    } catch (CharacterCodingException e) {
      throw new Rejected("(root): invalid UTF-8", "invalid_utf8");
    }
    SpecificRecord record;
    try {
      record = eventJson.parse(json);
    } catch (EventFormatException e) {
      throw new Rejected(e.getMessage(), category(e));
    }
    EventKind kind = EventTypes.kindOf(record.getClass()).orElseThrow();
    Object site = record.get(record.getSchema().getField("site").pos());
    Optional<String> refusal =
        config.tokens().get(collector).refusal(collector, kind, String.valueOf(site));
    if (refusal.isPresent()) {
      throw new Rejected(refusal.get(), FORBIDDEN);
    }
    Optional<ClockDiscipline.Violation> late = config.clockDiscipline().check(record, now);
    if (late.isPresent()) {
      throw new Rejected(late.get().reason(), late.get().code());
    }
    Schema.Field ingestedAt = record.getSchema().getField("ingested_at");
    if (ingestedAt != null) {
      record.put(ingestedAt.pos(), now); // ingest is the authority on ingested_at
    }
    List<Header> headers =
        List.of(new RecordHeader(COLLECTOR_HEADER, collector.getBytes(StandardCharsets.UTF_8)));
    return new OutgoingEvent(Topics.raw(kind).name(), EventKeys.of(record), record, headers);
  }

  private static boolean allForbidden(List<Responses.Rejection> rejected) {
    return rejected.stream().allMatch(r -> FORBIDDEN.equals(r.category()));
  }

  private static String category(EventFormatException e) {
    String problem = e.problem();
    if (problem.startsWith("malformed JSON")) {
      return "malformed_json";
    }
    if (problem.contains("nest")) {
      return "too_deep";
    }
    if (problem.startsWith("line longer")) {
      return "too_long";
    }
    return "invalid_event";
  }

  private int unavailable(HttpExchange exchange, String message) throws IOException {
    exchange.getResponseHeaders().set("Retry-After", String.valueOf(config.retryAfterSeconds()));
    return reply(exchange, 503, message);
  }

  private static int reply(HttpExchange exchange, int status, String message) throws IOException {
    Responses.send(exchange, status, Responses.error(message));
    return status;
  }

  private static Optional<Format> format(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String[] parts = contentType.split(";", -1);
    String media = parts[0].strip().toLowerCase(Locale.ROOT);
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].strip().split("=", 2);
      if (kv.length == 2
          && kv[0].strip().equalsIgnoreCase("charset")
          && !kv[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
        return Optional.empty();
      }
    }
    return switch (media) {
      case "application/x-ndjson", "application/ndjson" -> Optional.of(Format.NDJSON);
      case "application/json" -> Optional.of(Format.ARRAY);
      default -> Optional.empty();
    };
  }

  private static long declaredLength(HttpExchange exchange) {
    String value = exchange.getRequestHeaders().getFirst("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
