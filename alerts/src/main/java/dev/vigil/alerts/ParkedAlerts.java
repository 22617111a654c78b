package dev.vigil.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts a destination refused, parked in {@code <parkDir>/<destination>.jsonl} by the
 * dispatcher: listed, and replayed to the destination once its cause is fixed (a routing key, a
 * receiver's schema). A replay sends each parked alert once, in parked order, and stops at the
 * first one not delivered; the delivered ones leave the file, the rest stay. Logs carry ids only.
 */
public final class ParkedAlerts {
  private static final Logger LOGGER = LoggerFactory.getLogger(ParkedAlerts.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One parked alert: when, the HTTP status that refused it, the alert. */
  public record Parked(Instant parkedAt, int status, Alert alert, String line) {}

  /** What a replay came to: delivered, still parked, and why it stopped (when it did). */
  public record Replay(int delivered, int remaining, Optional<String> stoppedBy) {}

  private ParkedAlerts() {}

  /** The park file of {@code destination}. */
  public static Path file(Path parkDir, String destination) {
    return parkDir.resolve(destination + ".jsonl");
  }

  /** The destinations with parked alerts (by file name), sorted. */
  public static List<String> destinations(Path parkDir) {
    if (!Files.isDirectory(parkDir)) {
      return List.of();
    }
    try (var files = Files.list(parkDir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".jsonl"))
          .map(n -> n.substring(0, n.length() - ".jsonl".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + parkDir, e);
    }
  }

  /**
   * The parked alerts of {@code file}, in parked order.
   *
   * @throws IllegalArgumentException naming the line number of a line that is not a parked alert
   */
  public static List<Parked> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<Parked> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        out.add(
            new Parked(
                Instant.parse(n.path("parked_at").asText()),
                n.path("status").asInt(),
                alert(n.path("alert")),
                line));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            file
                + " line "
                + (i + 1)
                + ": not a parked alert ("
                + e.getClass().getSimpleName()
                + ")",
            e);
      }
    }
    return out;
  }

  /** An alert back from its webhook form ({@link Payloads#webhook}). */
  static Alert alert(JsonNode w) {
    List<String> evidence = new ArrayList<>();
    w.path("evidence").forEach(e -> evidence.add(e.asText()));
    Map<String, String> details = new TreeMap<>();
    w.path("details")
        .fields()
        .forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
    return Alert.newBuilder()
        .setAlertId(required(w, "alert_id"))
        .setDedupKey(required(w, "dedup_key"))
        .setAction(AlertAction.valueOf(required(w, "action")))
        .setSeverity(AlertSeverity.valueOf(required(w, "severity")))
        .setService(required(w, "service"))
        .setSite(w.path("site").isTextual() ? w.path("site").asText() : null)
        .setSummary(required(w, "summary"))
        .setEvidence(evidence)
        .setDetails(details)
        .setCreatedAt(Instant.parse(required(w, "created_at")))
        .build();
  }

  private static String required(JsonNode w, String field) {
    JsonNode v = w.path(field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("alert." + field + " missing");
    }
    return v.asText();
  }

  /**
   * Sends the parked alerts of {@code destination} once each, in order, as the dispatcher would
   * (Alertmanager: a TRIGGER firing for {@code 4 × resendInterval}, a RESOLVE ended at its time;
   * webhooks signed afresh); stops at the first not delivered and keeps it and the rest parked.
   */
  public static Replay replay(
      Path parkDir, Destination destination, Optional<URI> statusUrl, Duration resendInterval)
      throws InterruptedException {
    return replay(
        parkDir, destination, statusUrl, resendInterval, new HttpSender(), Clock.systemUTC());
  }

  static Replay replay(
      Path parkDir,
      Destination destination,
      Optional<URI> statusUrl,
      Duration resendInterval,
      HttpSender sender,
      Clock clock)
      throws InterruptedException {
    Path file = file(parkDir, destination.name());
    List<Parked> parked = read(file);
    int delivered = 0;
    Optional<String> stoppedBy = Optional.empty();
    for (Parked p : parked) {
      Alert alert = p.alert();
      byte[] body = body(destination, alert, statusUrl, resendInterval, clock.instant());
      Map<String, String> headers = Map.of();
      if (destination.type() == DestinationType.WEBHOOK) {
        long ts = clock.instant().getEpochSecond();
        headers =
            Map.of(
                WebhookSignature.TIMESTAMP_HEADER,
                Long.toString(ts),
                WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(destination.secret().orElseThrow(), ts, body));
      }
      Outcome outcome = sender.post(url(destination), body, headers);
      LOGGER
          .atInfo()
          .addKeyValue("destination", destination.name())
          .addKeyValue("alert_id", alert.getAlertId())
          .addKeyValue("dedup_key", alert.getDedupKey())
          .addKeyValue("outcome", outcome.getClass().getSimpleName())
          .log("parked alert replayed");
      if (!(outcome instanceof Outcome.Delivered)) {
        stoppedBy =
            Optional.of(
                outcome instanceof Outcome.Rejected r
                    ? "HTTP " + r.status() + " (refused again)"
                    : ((Outcome.Retry) outcome).reason());
        break;
      }
      delivered++;
    }
    if (delivered > 0) {
      rewrite(file, parked.subList(delivered, parked.size()));
    }
    return new Replay(delivered, parked.size() - delivered, stoppedBy);
  }

  private static byte[] body(
      Destination d, Alert alert, Optional<URI> statusUrl, Duration resendInterval, Instant now) {
    return switch (d.type()) {
      case ALERTMANAGER ->
          Payloads.alertmanagerBody(
              List.of(
                  Payloads.alertmanagerAlert(
                      alert,
                      alert.getAction() == AlertAction.RESOLVE
                          ? Optional.of(alert.getCreatedAt())
                          : Optional.empty(),
                      now,
                      resendInterval.multipliedBy(4),
                      statusUrl)));
      case PAGERDUTY -> Payloads.pagerDuty(alert, d.secret().orElseThrow(), statusUrl);
      case WEBHOOK -> Payloads.webhook(alert, statusUrl);
    };
  }

  private static URI url(Destination d) {
    if (d.type() == DestinationType.ALERTMANAGER) {
      return URI.create(d.url().toString().replaceAll("/+$", "") + "/api/v2/alerts");
    }
    return d.url();
  }

  private static void rewrite(Path file, List<Parked> remaining) {
    try {
      if (remaining.isEmpty()) {
        Files.delete(file);
        return;
      }
      StringBuilder text = new StringBuilder();
      remaining.forEach(p -> text.append(p.line()).append('\n'));
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "parked", ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + file, e);
    }
  }
}
