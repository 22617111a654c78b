package dev.vigil.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.text.SafeText;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The request bodies of each destination type, built from Vigil's {@link Alert} (pure functions, no
 * I/O). Only what the alert already holds goes out: its summary is written without payload values,
 * and evidence is a list of event ids. Summary, details and evidence may still carry text an
 * attacker influenced (a host name, a signature), so they go out through {@link SafeText}: control
 * and bidi characters escaped visibly.
 */
public final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {}

  /** PagerDuty's and Alertmanager's {@code severity} for a Vigil severity. */
  public static String severity(AlertSeverity severity) {
    return switch (severity) {
      case SEV1 -> "critical";
      case SEV2 -> "error";
      case SEV3 -> "warning";
      case SEV4 -> "info";
    };
  }

  /**
   * The Alertmanager {@code alertname} for a dedup key: {@code vigil/<service>/stale/b} → {@code
   * VigilStale}, {@code vigil/self/streams/app} → {@code VigilSelfStreams}, with {@code
   * ThreadReplaced} appended for a replaced stream thread.
   */
  public static String alertName(String dedupKey) {
    String[] parts = dedupKey.split("/", -1);
    if (parts.length < 3) {
      return "Vigil";
    }
    StringBuilder name = new StringBuilder("Vigil");
    if ("self".equals(parts[1])) {
      name.append("Self");
    }
    name.append(camel(parts[2]));
    if (parts.length > 3 && "thread-replaced".equals(parts[parts.length - 1])) {
      name.append("ThreadReplaced");
    }
    return name.toString();
  }

  private static String camel(String s) {
    StringBuilder out = new StringBuilder();
    for (String word : s.split("[^A-Za-z0-9]+", -1)) {
      if (!word.isEmpty()) {
        out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return out.toString();
  }

  /** The status page's view of {@code service}, when the status page's URL is known. */
  public static Optional<String> serviceLink(Optional<URI> statusUrl, String service) {
    return statusUrl.map(
        u -> {
          String base = u.toString().replaceAll("/+$", "");
          return base + "/#/services/" + service;
        });
  }

  /**
   * One Alertmanager API v2 alert. A firing alert ({@code resolvedAt} empty) ends at {@code now +
   * validFor}, so Alertmanager keeps it only while Vigil re-sends it; a resolved one ends at the
   * moment it was resolved.
   *
   * @param trigger the TRIGGER that opened the alert (labels, annotations, {@code startsAt})
   */
  public static ObjectNode alertmanagerAlert(
      Alert trigger,
      Optional<Instant> resolvedAt,
      Instant now,
      Duration validFor,
      Optional<URI> statusUrl) {
    ObjectNode a = JSON.createObjectNode();
    ObjectNode labels = a.putObject("labels");
    labels.put("alertname", alertName(trigger.getDedupKey()));
    labels.put("severity", severity(trigger.getSeverity()));
    labels.put("sev", trigger.getSeverity().name());
    labels.put("service", trigger.getService());
    if (trigger.getSite() != null) {
      labels.put("site", trigger.getSite());
    }
    labels.put("dedup_key", trigger.getDedupKey());
    labels.put("source", "vigil");
    ObjectNode annotations = a.putObject("annotations");
    annotations.put("summary", SafeText.escape(trigger.getSummary()));
    if (!trigger.getEvidence().isEmpty()) {
      annotations.put("evidence", SafeText.escape(String.join(",", trigger.getEvidence())));
    }
    annotations.put("alert_id", trigger.getAlertId());
    new TreeMap<>(trigger.getDetails())
        .forEach((k, v) -> annotations.put("detail_" + SafeText.escape(k), SafeText.escape(v)));
    serviceLink(statusUrl, trigger.getService()).ifPresent(l -> annotations.put("status_page", l));
    Instant starts = trigger.getCreatedAt();
    Instant ends = resolvedAt.orElse(now.plus(validFor));
    if (ends.isBefore(starts)) {
      ends = starts;
    }
    a.put("startsAt", starts.toString());
    a.put("endsAt", ends.toString());
    a.put("generatorURL", serviceLink(statusUrl, trigger.getService()).orElse(""));
    return a;
  }

  /** The body of {@code POST /api/v2/alerts}: a JSON array. */
  public static byte[] alertmanagerBody(Collection<ObjectNode> alerts) {
    ArrayNode array = JSON.createArrayNode();
    alerts.forEach(array::add);
    return bytes(array);
  }

  /**
   * A PagerDuty Events API v2 event: {@code trigger} with the full payload, or {@code resolve} with
   * only the routing key and dedup key (all PagerDuty reads on a resolve).
   */
  public static byte[] pagerDuty(Alert alert, Secret routingKey, Optional<URI> statusUrl) {
    ObjectNode e = JSON.createObjectNode();
    e.put("routing_key", routingKey.reveal());
    e.put("dedup_key", alert.getDedupKey());
    if (alert.getAction() == AlertAction.RESOLVE) {
      e.put("event_action", "resolve");
      return bytes(e);
    }
    e.put("event_action", "trigger");
    ObjectNode payload = e.putObject("payload");
    payload.put("summary", truncate(SafeText.escape(alert.getSummary()), 1024));
    payload.put("source", alert.getSite() == null ? "vigil" : "vigil/" + alert.getSite());
    payload.put("severity", severity(alert.getSeverity()));
    payload.put("timestamp", alert.getCreatedAt().toString());
    payload.put("component", alert.getService());
    if (alert.getSite() != null) {
      payload.put("group", alert.getSite());
    }
    payload.put("class", alertName(alert.getDedupKey()));
    ObjectNode custom = payload.putObject("custom_details");
    custom.put("alert_id", alert.getAlertId());
    custom.put("vigil_severity", alert.getSeverity().name());
    ArrayNode evidence = custom.putArray("evidence");
    alert.getEvidence().forEach(id -> evidence.add(SafeText.escape(id)));
    ObjectNode details = custom.putObject("details");
    new TreeMap<>(alert.getDetails())
        .forEach((k, v) -> details.put(SafeText.escape(k), SafeText.escape(v)));
    e.put("client", "Vigil");
    serviceLink(statusUrl, alert.getService())
        .ifPresent(
            link -> {
              e.put("client_url", link);
              ArrayNode links = e.putArray("links");
              links
                  .addObject()
                  .put("href", link)
                  .put("text", "Vigil status: " + alert.getService());
            });
    return bytes(e);
  }

  /** The webhook body: every field of the alert, times in ISO-8601. */
  public static byte[] webhook(Alert alert, Optional<URI> statusUrl) {
    ObjectNode w = JSON.createObjectNode();
    w.put("alert_id", alert.getAlertId());
    w.put("dedup_key", alert.getDedupKey());
    w.put("action", alert.getAction().name());
    w.put("severity", alert.getSeverity().name());
    w.put("service", alert.getService());
    if (alert.getSite() == null) {
      w.putNull("site");
    } else {
      w.put("site", alert.getSite());
    }
    w.put("summary", SafeText.escape(alert.getSummary()));
    ArrayNode evidence = w.putArray("evidence");
    alert.getEvidence().forEach(id -> evidence.add(SafeText.escape(id)));
    ObjectNode details = w.putObject("details");
    Map<String, String> sorted = new TreeMap<>(alert.getDetails());
    sorted.forEach((k, v) -> details.put(SafeText.escape(k), SafeText.escape(v)));
    w.put("created_at", alert.getCreatedAt().toString());
    serviceLink(statusUrl, alert.getService()).ifPresent(l -> w.put("status_page", l));
    return bytes(w);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static byte[] bytes(Object node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
