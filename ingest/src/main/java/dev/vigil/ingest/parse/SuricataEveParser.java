package dev.vigil.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Suricata EVE JSON, one record per event (compact or pretty-printed; the tailer's {@code
 * MultiLineJsonFramer} joins the lines of a pretty-printed one).
 *
 * <ul>
 *   <li>{@code alert} → SecuritySignal, origin SURICATA, severity from {@code alert.severity} (see
 *       {@link SeverityMaps#fromPriority}; 1 becomes CRITICAL when the rule's metadata has {@code
 *       signature_severity: Critical}, as Emerging Threats rules do).
 *   <li>{@code stats} → PostureFinding IDS_HEARTBEAT OK with uptime and capture counters; pass it
 *       through {@link HeartbeatTracker#admit} to limit the rate.
 *   <li>everything else (flow, dns, http, drop, anomaly, …) → Skipped: protocol logs are not
 *       signals, and engine {@code drop}/{@code anomaly} events are too noisy to alert on; a rule
 *       drop also produces an {@code alert} with {@code action: blocked}, which is mapped.
 * </ul>
 */
public final class SuricataEveParser implements RecordParser {

  static final String HEARTBEAT_CONTROL = "ids-heartbeat";

  private final SourceContext ctx;

  public SuricataEveParser(SourceContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public ParseResult parse(RawRecord record) {
    Json.Result json = Json.readObject(record.text());
    if (!json.ok()) {
      return new ParseResult.Rejected(json.error());
    }
    JsonNode eve = json.node();
    Optional<String> type = Json.text(eve, "event_type");
    if (type.isEmpty()) {
      return new ParseResult.Rejected("missing field event_type");
    }
    Optional<Instant> observedAt = Json.text(eve, "timestamp").flatMap(Timestamps::isoWithOffset);
    if (observedAt.isEmpty()) {
      return new ParseResult.Rejected("missing or unparseable field timestamp");
    }
    return switch (type.get()) {
      case "alert" -> alert(record, eve, observedAt.get());
      case "stats" -> stats(record, eve, observedAt.get());
      default ->
          new ParseResult.Skipped("event_type " + Vocabulary.safe(type.get()) + " is not mapped");
    };
  }

  private ParseResult alert(RawRecord record, JsonNode eve, Instant observedAt) {
    JsonNode alert = eve.get("alert");
    if (alert == null || !alert.isObject()) {
      return new ParseResult.Rejected("alert event without an alert object");
    }
    Optional<String> signature = Json.text(alert, "signature");
    if (signature.isEmpty()) {
      return new ParseResult.Rejected("missing field alert.signature");
    }
    Integer severity =
        alert.path("severity").canConvertToInt() ? alert.get("severity").asInt() : null;
    Map<String, String> attributes = new LinkedHashMap<>();
    put(attributes, "signature_id", Json.text(alert, "signature_id"));
    put(attributes, "gid", Json.text(alert, "gid"));
    put(attributes, "rev", Json.text(alert, "rev"));
    put(attributes, "action", Json.text(alert, "action"));
    put(attributes, "alert_severity", Json.text(alert, "severity"));
    put(attributes, "proto", Json.text(eve, "proto"));
    put(attributes, "src_port", Json.text(eve, "src_port"));
    put(attributes, "dest_port", Json.text(eve, "dest_port"));
    put(attributes, "flow_id", Json.text(eve, "flow_id"));
    put(attributes, "app_proto", Json.text(eve, "app_proto"));
    put(attributes, "in_iface", Json.text(eve, "in_iface"));
    put(attributes, "community_id", Json.text(eve, "community_id"));
    put(attributes, "tx_id", Json.text(eve, "tx_id"));
    put(attributes, "sensor_host", Json.text(eve, "host"));
    put(attributes, "http_method", Json.text(eve, "http", "http_method"));
    put(attributes, "http_url", Json.text(eve, "http", "url"));
    put(attributes, "http_user_agent", Json.text(eve, "http", "http_user_agent"));
    put(attributes, "target_ip", Json.text(alert, "target", "ip"));
    put(attributes, "target_port", Json.text(alert, "target", "port"));

    Signal signal =
        Signal.newBuilder()
            .setOrigin(SignalOrigin.SURICATA)
            .setSeverity(severity(severity, alert))
            .setCategory(
                Json.text(alert, "category").filter(s -> !s.isBlank()).orElse("uncategorized"))
            .setSignature(signature.get())
            .setSrcIp(Json.text(eve, "src_ip").orElse(null))
            .setDstIp(Json.text(eve, "dest_ip").orElse(null))
            .setHost(involvedHost(eve))
            .setUser(null)
            .setMessage(null)
            .setAttributes(attributes)
            .build();
    return ParseResult.Parsed.of(
        Events.signal(ctx, EventIds.forRecord(ctx, record, 0), observedAt, signal));
  }

  private static Severity severity(Integer severity, JsonNode alert) {
    Severity mapped = SeverityMaps.fromPriority(severity);
    JsonNode sigSeverity = Json.at(alert, "metadata", "signature_severity");
    if (mapped == Severity.HIGH && sigSeverity != null) {
      for (JsonNode v : sigSeverity.isArray() ? sigSeverity : java.util.List.of(sigSeverity)) {
        if ("critical".equalsIgnoreCase(v.asText())) {
          return Severity.CRITICAL;
        }
      }
    }
    return mapped;
  }

  /** The host the alert is about (HTTP Host, TLS SNI), not the sensor. */
  private static String involvedHost(JsonNode eve) {
    return Json.text(eve, "http", "hostname").or(() -> Json.text(eve, "tls", "sni")).orElse(null);
  }

  private ParseResult stats(RawRecord record, JsonNode eve, Instant observedAt) {
    JsonNode stats = eve.get("stats");
    if (stats == null || !stats.isObject()) {
      return new ParseResult.Rejected("stats event without a stats object");
    }
    Map<String, String> details = new LinkedHashMap<>();
    put(details, "uptime_s", Json.text(stats, "uptime"));
    put(details, "capture_kernel_packets", Json.text(stats, "capture", "kernel_packets"));
    put(details, "capture_kernel_drops", Json.text(stats, "capture", "kernel_drops"));
    put(details, "decoder_pkts", Json.text(stats, "decoder", "pkts"));
    put(details, "decoder_bytes", Json.text(stats, "decoder", "bytes"));
    put(details, "detect_alert", Json.text(stats, "detect", "alert"));
    put(details, "flow_memuse", Json.text(stats, "flow", "memuse"));
    put(details, "sensor_host", Json.text(eve, "host"));
    details.put("derived_from", "suricata-stats");
    Finding finding =
        Finding.newBuilder()
            .setCheck(PostureCheck.IDS_HEARTBEAT)
            .setStatus(FindingStatus.OK)
            .setSeverity(Severity.INFO)
            .setControlId(HEARTBEAT_CONTROL)
            .setDetails(details)
            .build();
    return ParseResult.Parsed.of(
        Events.finding(ctx, EventIds.forRecord(ctx, record, 0), observedAt, finding));
  }

  private static void put(Map<String, String> map, String key, Optional<String> value) {
    value.filter(v -> !v.isEmpty()).ifPresent(v -> map.put(key, v));
  }
}
