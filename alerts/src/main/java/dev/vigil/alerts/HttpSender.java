package dev.vigil.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Posts JSON with the JDK HTTP client and sorts the answer into an {@link Outcome}. Never puts the
 * request (which may hold a routing key) or the response body into an outcome or a log line.
 */
final class HttpSender {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Longest {@code Retry-After} honoured; a larger one is cut to this. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

  private final HttpClient client;

  HttpSender() {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  Outcome post(URI uri, byte[] body, Map<String, String> headers) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", "vigil-alerts")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<Void> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      return new Outcome.Retry(e.getClass().getSimpleName(), Optional.empty());
    }
    return outcome(
        response.statusCode(), response.headers().firstValue("Retry-After"), Instant.now());
  }

  /** The outcome of a response with {@code status} and an optional {@code Retry-After} value. */
  static Outcome outcome(int status, Optional<String> retryAfter, Instant now) {
    if (status >= 200 && status < 300) {
      return new Outcome.Delivered(status);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new Outcome.Retry("HTTP " + status, retryAfter.flatMap(v -> retryAfter(v, now)));
    }
    return new Outcome.Rejected(status);
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date, capped at {@link #MAX_RETRY_AFTER}. */
  static Optional<Duration> retryAfter(String value, Instant now) {
    Duration delay;
    try {
      delay = Duration.ofSeconds(Long.parseLong(value.trim()));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        delay = Duration.between(now, at);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
    if (delay.isNegative()) {
      delay = Duration.ZERO;
    }
    return Optional.of(delay.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : delay);
  }
}
