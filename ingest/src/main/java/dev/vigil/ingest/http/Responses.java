package dev.vigil.ingest.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** JSON bodies of the API. */
final class Responses {
  private static final JsonFactory JSON = new JsonFactory();

  /** One rejected event: its line (or array element) number and a PII-safe reason. */
  record Rejection(int line, String reason, String category) {}

  private Responses() {}

  static byte[] result(int accepted, int duplicates, boolean delivered, List<Rejection> rejected) {
    return write(
        g -> {
          g.writeNumberField("accepted", accepted);
          g.writeNumberField("duplicates", duplicates);
          g.writeBooleanField("delivered", delivered);
          g.writeArrayFieldStart("rejected");
          for (Rejection r : rejected) {
            g.writeStartObject();
            g.writeNumberField("line", r.line());
            g.writeStringField("reason", r.reason());
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  static byte[] error(String message) {
    return write(g -> g.writeStringField("error", message));
  }

  static byte[] status(String status, boolean kafka, long depthBytes, long maxBytes) {
    return status(status, kafka, depthBytes, maxBytes, Map.of());
  }

  /** With {@code checks}: check name → part → state, e.g. {@code "streams":{"app":"RUNNING"}}. */
  static byte[] status(
      String status,
      boolean kafka,
      long depthBytes,
      long maxBytes,
      Map<String, Map<String, String>> checks) {
    return write(
        g -> {
          g.writeStringField("status", status);
          g.writeBooleanField("kafka", kafka);
          g.writeNumberField("spool_depth_bytes", depthBytes);
          g.writeNumberField("spool_max_bytes", maxBytes);
          for (Map.Entry<String, Map<String, String>> check : checks.entrySet()) {
            g.writeObjectFieldStart(check.getKey());
            for (Map.Entry<String, String> part : check.getValue().entrySet()) {
              g.writeStringField(part.getKey(), part.getValue());
            }
            g.writeEndObject();
          }
        });
  }

  static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
