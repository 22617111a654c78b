package dev.vigil.streams.ocsf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The attributes every OCSF event of Vigil carries: classification (class, category, activity and
 * type uids with their captions), severity, {@code time} in epoch ms, {@code metadata} (schema
 * version, product, uid, correlation uid, input topic, profiles, the redacting rule set) and an
 * {@code unmapped} object for what has no OCSF home.
 */
final class Envelope {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SCHEMA_VERSION = "1.8.0";
  static final int OTHER = 99;

  private final ObjectNode event = JSON.createObjectNode();
  private final ObjectNode metadata;
  private final ObjectNode unmapped = JSON.createObjectNode();

  private Envelope(OcsfClass cls, int activityId, String activity, String productVersion) {
    event.put("class_uid", cls.uid());
    event.put("class_name", cls.caption());
    event.put("category_uid", cls.categoryUid());
    event.put("category_name", cls.categoryCaption());
    event.put("activity_id", activityId);
    event.put("activity_name", activity);
    event.put("type_uid", cls.uid() * 100L + activityId);
    event.put("type_name", cls.caption() + ": " + (activityId == OTHER ? "Other" : activity));
    metadata = event.putObject("metadata");
    metadata.put("version", SCHEMA_VERSION);
    ObjectNode product = metadata.putObject("product");
    product.put("name", "Vigil");
    product.put("vendor_name", "Vigil");
    product.put("version", productVersion);
  }

  /**
   * A new event of {@code cls} with the activity {@code activityId} ({@code activity} its caption).
   */
  static Envelope of(OcsfClass cls, int activityId, String activity, String productVersion) {
    return new Envelope(cls, activityId, activity, productVersion);
  }

  Envelope severity(Severity severity) {
    return severity(severityId(severity), severityCaption(severityId(severity)));
  }

  Envelope severity(int id, String caption) {
    event.put("severity_id", id);
    event.put("severity", caption);
    return this;
  }

  Envelope status(int id, String caption) {
    event.put("status_id", id);
    event.put("status", caption);
    return this;
  }

  Envelope time(Instant time) {
    event.put("time", time.toEpochMilli());
    return this;
  }

  /**
   * {@code metadata.uid} (unique per record, deterministic so a re-delivered record can be
   * de-duplicated), {@code correlation_uid}, the input topic and the redacting rule set (as {@code
   * metadata.tags} and one {@code transformation_info_list} entry).
   */
  Envelope metadata(String uid, String correlationUid, Provenance provenance) {
    metadata.put("uid", uid);
    if (correlationUid != null && !correlationUid.isEmpty()) {
      metadata.put("correlation_uid", correlationUid);
    }
    metadata.put("log_name", provenance.topic());
    provenance
        .ruleSet()
        .ifPresent(
            rs -> {
              ArrayNode tags = metadata.putArray("tags");
              tags.addObject().put("name", "vigil.ruleset.id").put("value", rs.id());
              tags.addObject().put("name", "vigil.ruleset.version").put("value", rs.version());
              ObjectNode redaction = metadata.putArray("transformation_info_list").addObject();
              redaction.put("name", "Vigil redaction");
              redaction.put("uid", rs.id() + ":" + rs.version());
            });
    return this;
  }

  Envelope loggedTime(Instant ingestedAt) {
    if (ingestedAt != null) {
      metadata.put("logged_time", ingestedAt.toEpochMilli());
    }
    return this;
  }

  Envelope profiles(String... profiles) {
    ArrayNode list = metadata.putArray("profiles");
    for (String p : profiles) {
      list.add(p);
    }
    return this;
  }

  /** The event itself, for class-specific attributes. */
  ObjectNode event() {
    return event;
  }

  /** The {@code unmapped} object, for what has no OCSF home. */
  ObjectNode unmapped() {
    return unmapped;
  }

  /** {@code value} under {@code unmapped.name} when it is not null or empty. */
  Envelope unmapped(String name, String value) {
    if (value != null && !value.isEmpty()) {
      unmapped.put(name, value);
    }
    return this;
  }

  /** A string map under {@code unmapped.name} when it is not empty. */
  Envelope unmapped(String name, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode node = unmapped.putObject(name);
      values.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> node.put(e.getKey(), e.getValue()));
    }
    return this;
  }

  /** The finished JSON text (with {@code unmapped} when it holds anything). */
  String json() {
    if (!unmapped.isEmpty()) {
      event.set("unmapped", unmapped);
    }
    try {
      return JSON.writeValueAsString(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write an OCSF event", e);
    }
  }

  static int severityId(Severity severity) {
    return switch (severity) {
      case INFO -> 1;
      case LOW -> 2;
      case MEDIUM -> 3;
      case HIGH -> 4;
      case CRITICAL -> 5;
    };
  }

  static String severityCaption(int id) {
    return switch (id) {
      case 1 -> "Informational";
      case 2 -> "Low";
      case 3 -> "Medium";
      case 4 -> "High";
      case 5 -> "Critical";
      case 6 -> "Fatal";
      default -> "Unknown";
    };
  }

  /** A non-null, non-empty string list as a JSON array under {@code node.name}. */
  static void strings(ObjectNode node, String name, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode array = node.putArray(name);
      values.forEach(array::add);
    }
  }
}
