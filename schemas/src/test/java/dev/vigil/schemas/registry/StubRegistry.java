package dev.vigil.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scripted registry on a JDK {@link HttpServer} that records every call it gets. */
final class StubRegistry implements AutoCloseable {

  static final String BASE = "/apis/ccompat/v7";

  record Call(
      String method,
      String rawPath,
      String query,
      String contentType,
      String authorization,
      String body,
      String protocol,
      String upgrade) {}

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  StubRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(BASE, this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + BASE;
  }

  /** Answers {@code method rawPath} with these responses in turn; the last one then repeats. */
  StubRegistry on(String method, String rawPath, int status, String body) {
    answers
        .computeIfAbsent(method + " " + rawPath, k -> new ArrayDeque<>())
        .add(new Answer(status, body));
    return this;
  }

  List<Call> calls() {
    return new ArrayList<>(calls);
  }

  long count(String method, String rawPath) {
    return calls.stream()
        .filter(c -> c.method().equals(method) && c.rawPath().equals(rawPath))
        .count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath().substring(BASE.length());
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    calls.add(
        new Call(
            exchange.getRequestMethod(),
            rawPath,
            exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body,
            exchange.getProtocol(),
            exchange.getRequestHeaders().getFirst("Upgrade")));
    Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + rawPath);
    Answer answer;
    if (queue == null) {
      answer = new Answer(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
    } else {
      synchronized (queue) {
        answer = queue.size() > 1 ? queue.poll() : queue.peek();
      }
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", RegistryHttp.CONTENT_TYPE);
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
