package dev.vigil.ingest.http;

import java.util.UUID;

/** JSON lines of valid events for tests. */
final class Events {
  private Events() {}

  static String health(UUID id) {
    return health(id, "PASS", "12");
  }

  static String health(UUID id, String status, String latencyJson) {
    return "{\"event_id\":\""
        + id
        + "\",\"kind\":\"health\",\"site\":\"primary\",\"service\":\"checkout\","
        + "\"source\":\"probe-1\",\"observed_at\":\"2026-03-02T08:15:04Z\","
        + "\"check\":{\"name\":\"http\",\"probe\":\"HTTP\",\"target\":\"https://checkout.example\","
        + "\"vantage\":\"eu1\",\"status\":\""
        + status
        + "\",\"latency_ms\":"
        + latencyJson
        + "}}";
  }

  static String security(UUID id, String message) {
    return "{\"event_id\":\""
        + id
        + "\",\"kind\":\"security\",\"site\":\"backup\",\"service\":\"checkout\","
        + "\"source\":\"suricata-1\",\"observed_at\":\"2026-03-02T08:15:04Z\","
        + "\"signal\":{\"origin\":\"SURICATA\",\"severity\":\"HIGH\",\"category\":\"scan\","
        + "\"signature\":\"ET SCAN\",\"message\":\""
        + message
        + "\",\"attributes\":{}}}";
  }
}
