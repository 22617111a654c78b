package dev.vigil.schemas.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over HTTP to a Confluent-compatible registry: content type, basic auth, timeouts, retries
 * with backoff on connect errors and 5xx, and error bodies mapped to {@link
 * SchemaRegistryException}. Request bodies and credentials never reach logs or messages.
 */
final class RegistryHttp implements AutoCloseable {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Logger LOGGER = LoggerFactory.getLogger(RegistryHttp.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final int MAX_SERVER_MESSAGE = 200;

  private final ObjectMapper mapper =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final HttpClient http;
  private final String baseUrl;
  private final Optional<String> authorization;
  private final Duration timeout;
  private final int maxRetries;

  RegistryHttp(RegistryConfig config) {
    String url = config.url().toString();
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.authorization =
        config
            .basicAuthUserInfo()
            .map(
                info ->
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(info.getBytes(StandardCharsets.UTF_8)));
    this.timeout = config.timeout();
    this.maxRetries = config.maxRetries();
    // HTTP/1.1, as Confluent's own client: the JDK's default (HTTP/2) sends an h2c upgrade with
    // each new connection's first request, and a POST with an upgrade header on a just-started
    // Apicurio (Quarkus/Vert.x) registry went unanswered until the request timeout (10 s) in one
    // of 15 `vigil run` restarts (docs/benchmarks/run-startup.md).
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  ObjectMapper mapper() {
    return mapper;
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  /** Sends {@code body} (serialized with Jackson, or no body when null) and parses the answer. */
  JsonNode send(String method, String path, Object body) {
    HttpRequest request = request(method, path, body);
    for (int attempt = 0; ; attempt++) {
      try {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return parse(response.body(), method, path);
        }
        if (status < 500 || attempt >= maxRetries) {
          throw error(method, path, status, response.body());
        }
        logRetry(method, path, attempt, status);
      } catch (IOException e) {
        if (attempt >= maxRetries) {
          throw new SchemaRegistryException(
              0,
              0,
              "Schema registry " + method + " " + path + " failed: " + e.getClass().getSimpleName(),
              e);
        }
        logRetry(method, path, attempt, 0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            0, 0, "Interrupted during schema registry " + method + " " + path, e);
      }
      sleep(FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt, 4)));
    }
  }

  private HttpRequest request(String method, String path, Object body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Accept", CONTENT_TYPE + ", application/json");
    authorization.ifPresent(value -> builder.header("Authorization", value));
    if (body == null) {
      return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    try {
      byte[] json = mapper.writeValueAsBytes(body);
      return builder
          .header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofByteArray(json))
          .build();
    } catch (IOException e) {
      throw new SchemaRegistryException(0, 0, "Cannot encode schema registry request", e);
    }
  }

  private JsonNode parse(byte[] body, String method, String path) {
    try {
      return body.length == 0 ? mapper.nullNode() : mapper.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          200, 0, "Schema registry " + method + " " + path + " answered with invalid JSON", e);
    }
  }

  private SchemaRegistryException error(String method, String path, int status, byte[] body) {
    int errorCode = status;
    String serverMessage = "";
    try {
      JsonNode node = mapper.readTree(body);
      if (node != null && node.isObject()) {
        errorCode = node.path("error_code").asInt(status);
        serverMessage = sanitize(node.path("message").asText(""));
      }
    } catch (IOException e) {
      // Not JSON (a proxy's HTML page, say): keep the status alone.
    }
    return new SchemaRegistryException(
        status,
        errorCode,
        "Schema registry "
            + method
            + " "
            + path
            + " failed: HTTP "
            + status
            + ", error_code "
            + errorCode
            + (serverMessage.isEmpty() ? "" : ": " + serverMessage));
  }

  /** Keeps the server's prose but cuts before any embedded JSON (Confluent adds schemas there). */
  static String sanitize(String message) {
    int cut = message.length();
    for (char c : new char[] {'{', '['}) {
      int index = message.indexOf(c);
      if (index >= 0) {
        cut = Math.min(cut, index);
      }
    }
    String kept = message.substring(0, Math.min(cut, MAX_SERVER_MESSAGE)).strip();
    return kept.length() < message.strip().length() ? kept + " …" : kept;
  }

  private static void logRetry(String method, String path, int attempt, int status) {
    LOGGER
        .atWarn()
        .addKeyValue("method", method)
        .addKeyValue("path", path)
        .addKeyValue("attempt", attempt + 1)
        .addKeyValue("status", status)
        .log("Schema registry call failed; retrying");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(0, 0, "Interrupted while waiting to retry", e);
    }
  }

  @Override
  public void close() {
    // java.net.http.HttpClient is AutoCloseable only from Java 21; its threads end with it.
  }
}
