package dev.vigil.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wazuh alerts ({@code alerts.json} lines), bare or as an OpenSearch hit / Logstash event with the
 * alert under {@code _source} → SecuritySignal with origin WAZUH. Severity from {@code rule.level}
 * ({@link SeverityMaps#fromWazuhLevel}); category is the first of {@code rule.groups}; signature
 * {@code rule.description}; host the agent name; message the {@code full_log}.
 */
public final class WazuhAlertParser implements RecordParser {

  private final SourceContext ctx;

  public WazuhAlertParser(SourceContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public ParseResult parse(RawRecord record) {
    if (record.text().isBlank()) {
      return new ParseResult.Skipped("blank line");
    }
    Json.Result json = Json.readObject(record.text());
    if (!json.ok()) {
      return new ParseResult.Rejected(json.error());
    }
    JsonNode root = json.node();
    JsonNode alert = root.path("_source").isObject() ? root.get("_source") : root;
    JsonNode rule = alert.get("rule");
    if (rule == null || !rule.isObject()) {
      return new ParseResult.Rejected("missing object rule");
    }
    Optional<String> description = Json.text(rule, "description").filter(s -> !s.isBlank());
    if (description.isEmpty()) {
      return new ParseResult.Rejected("missing field rule.description");
    }
    Optional<Instant> observedAt = Json.text(alert, "timestamp").flatMap(Timestamps::isoWithOffset);
    if (observedAt.isEmpty()) {
      observedAt = Json.text(alert, "@timestamp").flatMap(Timestamps::isoWithOffset);
    }
    if (observedAt.isEmpty()) {
      return new ParseResult.Rejected("missing or unparseable field timestamp");
    }
    Integer level = rule.path("level").canConvertToInt() ? rule.get("level").asInt() : null;
    List<String> groups = strings(rule.get("groups"));

    Map<String, String> attributes = attributes(rule, alert, level, groups);
    Signal signal =
        Signal.newBuilder()
            .setOrigin(SignalOrigin.WAZUH)
            .setSeverity(SeverityMaps.fromWazuhLevel(level))
            .setCategory(groups.isEmpty() ? "wazuh" : groups.get(0))
            .setSignature(description.get())
            .setSrcIp(Json.text(alert, "data", "srcip").orElse(null))
            .setDstIp(Json.text(alert, "data", "dstip").orElse(null))
            .setUser(
                Json.text(alert, "data", "dstuser")
                    .or(() -> Json.text(alert, "data", "srcuser"))
                    .orElse(null))
            .setHost(Json.text(alert, "agent", "name").orElse(null))
            .setMessage(Json.text(alert, "full_log").orElse(null))
            .setAttributes(attributes)
            .build();
    return ParseResult.Parsed.of(
        Events.signal(ctx, EventIds.forRecord(ctx, record, 0), observedAt.get(), signal));
  }

  private static Map<String, String> attributes(
      JsonNode rule, JsonNode alert, Integer level, List<String> groups) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Json.text(rule, "id").ifPresent(v -> attributes.put("rule_id", v));
    if (level != null) {
      attributes.put("rule_level", level.toString());
    }
    if (!groups.isEmpty()) {
      attributes.put("rule_groups", String.join(",", groups));
    }
    List<String> mitre = strings(Json.at(rule, "mitre", "id"));
    if (!mitre.isEmpty()) {
      attributes.put("mitre_ids", String.join(",", mitre));
    }
    Json.text(rule, "firedtimes").ifPresent(v -> attributes.put("firedtimes", v));
    Json.text(alert, "id").ifPresent(v -> attributes.put("wazuh_alert_id", v));
    Json.text(alert, "agent", "id").ifPresent(v -> attributes.put("agent_id", v));
    Json.text(alert, "agent", "ip").ifPresent(v -> attributes.put("agent_ip", v));
    Json.text(alert, "location").ifPresent(v -> attributes.put("location", v));
    Json.text(alert, "decoder", "name").ifPresent(v -> attributes.put("decoder", v));
    Json.text(alert, "data", "srcport").ifPresent(v -> attributes.put("src_port", v));
    Json.text(alert, "data", "url").ifPresent(v -> attributes.put("url", v));
    Json.text(alert, "data", "vulnerability", "cve").ifPresent(v -> attributes.put("cve", v));
    Json.text(alert, "data", "vulnerability", "status")
        .ifPresent(v -> attributes.put("vulnerability_status", v));
    return attributes;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node != null && node.isValueNode()) {
      out.add(node.asText());
    }
    return out;
  }
}
