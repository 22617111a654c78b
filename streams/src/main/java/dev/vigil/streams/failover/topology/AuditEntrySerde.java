package dev.vigil.streams.failover.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Unsealed audit entries on the internal single-partition topic between the per-service tasks and
 * the one sealing task: UTF-8 JSON ({@code occurred_at} in epoch ms). Internal, so not Avro and not
 * in the registry.
 */
public final class AuditEntrySerde {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditEntrySerde() {}

  public static Serde<AuditEntry> serde() {
    return Serdes.serdeFrom(serializer(), deserializer());
  }

  private static Serializer<AuditEntry> serializer() {
    return (topic, e) -> {
      if (e == null) {
        return null;
      }
      ObjectNode n = JSON.createObjectNode();
      n.put("occurred_at", e.occurredAt().toEpochMilli());
      n.put("actor", e.actor());
      n.put("action", e.action().wire());
      n.put("subject", e.subject());
      ObjectNode details = n.putObject("details");
      e.details().forEach(details::put);
      if (e.payloadJson() != null) {
        n.put("payload_json", e.payloadJson());
      }
      try {
        return JSON.writeValueAsBytes(n);
      } catch (IOException ex) {
        throw new SerializationException("cannot write audit entry", ex);
      }
    };
  }

  private static Deserializer<AuditEntry> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        JsonNode n = JSON.readTree(bytes);
        Map<String, String> details = new TreeMap<>();
        n.get("details")
            .fields()
            .forEachRemaining(f -> details.put(f.getKey(), f.getValue().asText()));
        JsonNode payload = n.get("payload_json");
        return AuditEntry.of(
            Instant.ofEpochMilli(n.get("occurred_at").asLong()),
            n.get("actor").asText(),
            AuditAction.of(n.get("action").asText())
                .orElseThrow(() -> new SerializationException("unknown audit action")),
            n.get("subject").asText(),
            details,
            payload == null || payload.isNull() ? null : payload.asText());
      } catch (IOException | RuntimeException ex) {
        throw new SerializationException("not an audit entry", ex);
      }
    };
  }
}
