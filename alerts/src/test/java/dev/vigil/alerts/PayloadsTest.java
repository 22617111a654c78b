package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bodies each destination type gets, field by field. */
class PayloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Optional<URI> STATUS =
      Optional.of(URI.create("https://vigil.example/status/"));
  private static final Secret KEY = Secret.of("R0UTINGKEY0123456789012345678901");

  @Test
  void shouldTriggerPagerDutyWithDedupKeySeverityEvidenceAndALinkToTheStatusPage()
      throws Exception {
    // Given a SEV1 blocked-failover TRIGGER
    Alert alert = TestAlerts.blocked("payments", "site-b", AlertAction.TRIGGER);

    // When it becomes a PagerDuty event
    JsonNode e = JSON.readTree(Payloads.pagerDuty(alert, KEY, STATUS));

    // Then it is an Events API v2 trigger with Vigil's dedup key and the mapped severity
    assertThat(e.path("routing_key").asText()).isEqualTo(KEY.reveal());
    assertThat(e.path("event_action").asText()).isEqualTo("trigger");
    assertThat(e.path("dedup_key").asText()).isEqualTo("vigil/payments/blocked");
    JsonNode p = e.path("payload");
    assertThat(p.path("summary").asText()).isEqualTo(alert.getSummary());
    assertThat(p.path("source").asText()).isEqualTo("vigil/site-b");
    assertThat(p.path("severity").asText()).isEqualTo("critical");
    assertThat(p.path("timestamp").asText()).isEqualTo("2026-12-04T03:00:00Z");
    assertThat(p.path("component").asText()).isEqualTo("payments");
    assertThat(p.path("group").asText()).isEqualTo("site-b");
    assertThat(p.path("class").asText()).isEqualTo("VigilBlocked");
    assertThat(p.path("custom_details").path("evidence"))
        .extracting(JsonNode::asText)
        .containsExactly("evt-1", "evt-2");
    assertThat(p.path("custom_details").path("alert_id").asText()).isEqualTo(alert.getAlertId());
    assertThat(p.path("custom_details").path("details").path("gate").asText())
        .isEqualTo("intrusion");
    assertThat(e.path("links").get(0).path("href").asText())
        .isEqualTo("https://vigil.example/status/#/services/payments");
    assertThat(e.path("client").asText()).isEqualTo("Vigil");
  }

  @Test
  void shouldResolvePagerDutyWithOnlyTheRoutingAndDedupKeys() throws Exception {
    JsonNode e =
        JSON.readTree(
            Payloads.pagerDuty(
                TestAlerts.blocked("payments", "site-b", AlertAction.RESOLVE), KEY, STATUS));

    assertThat(e.path("event_action").asText()).isEqualTo("resolve");
    assertThat(e.path("dedup_key").asText()).isEqualTo("vigil/payments/blocked");
    assertThat(e.has("payload")).isFalse();
  }

  @Test
  void shouldMapEveryVigilSeverityToOneOfPagerDutysFour() {
    assertThat(Payloads.severity(AlertSeverity.SEV1)).isEqualTo("critical");
    assertThat(Payloads.severity(AlertSeverity.SEV2)).isEqualTo("error");
    assertThat(Payloads.severity(AlertSeverity.SEV3)).isEqualTo("warning");
    assertThat(Payloads.severity(AlertSeverity.SEV4)).isEqualTo("info");
  }

  @Test
  void shouldGiveAlertmanagerLabelsAnnotationsAndAnEndInTheFutureWhileFiring() {
    Alert alert = TestAlerts.blocked("payments", "site-b", AlertAction.TRIGGER);
    java.time.Instant now = TestAlerts.T0.plusSeconds(60);

    JsonNode a =
        Payloads.alertmanagerAlert(alert, Optional.empty(), now, Duration.ofMinutes(4), STATUS);

    assertThat(a.path("labels").path("alertname").asText()).isEqualTo("VigilBlocked");
    assertThat(a.path("labels").path("severity").asText()).isEqualTo("critical");
    assertThat(a.path("labels").path("sev").asText()).isEqualTo("SEV1");
    assertThat(a.path("labels").path("service").asText()).isEqualTo("payments");
    assertThat(a.path("labels").path("site").asText()).isEqualTo("site-b");
    assertThat(a.path("labels").path("dedup_key").asText()).isEqualTo("vigil/payments/blocked");
    assertThat(a.path("annotations").path("summary").asText()).isEqualTo(alert.getSummary());
    assertThat(a.path("annotations").path("evidence").asText()).isEqualTo("evt-1,evt-2");
    assertThat(a.path("annotations").path("detail_gate").asText()).isEqualTo("intrusion");
    assertThat(a.path("startsAt").asText()).isEqualTo("2026-12-04T03:00:00Z");
    assertThat(a.path("endsAt").asText()).isEqualTo("2026-12-04T03:05:00Z");
    assertThat(a.path("generatorURL").asText())
        .isEqualTo("https://vigil.example/status/#/services/payments");
  }

  @Test
  void shouldEndAResolvedAlertmanagerAlertWhenItWasResolved() {
    Alert trigger = TestAlerts.blocked("payments", "site-b", AlertAction.TRIGGER);
    java.time.Instant resolved = TestAlerts.T0.plusSeconds(300);

    JsonNode a =
        Payloads.alertmanagerAlert(
            trigger, Optional.of(resolved), resolved, Duration.ofMinutes(4), Optional.empty());

    assertThat(a.path("endsAt").asText()).isEqualTo("2026-12-04T03:05:00Z");
    assertThat(a.path("generatorURL").asText()).isEmpty();
  }

  @Test
  void shouldNameSelfAlertsApartFromServiceAlerts() {
    assertThat(Payloads.alertName("vigil/self/streams/vigil-failover"))
        .isEqualTo("VigilSelfStreams");
    assertThat(Payloads.alertName("vigil/self/streams/vigil-failover/thread-replaced"))
        .isEqualTo("VigilSelfStreamsThreadReplaced");
    assertThat(Payloads.alertName("vigil/payments/stale/site-b")).isEqualTo("VigilStale");
  }

  @Test
  void shouldPutEveryAlertFieldIntoTheWebhookBody() throws Exception {
    Alert alert = TestAlerts.blocked("payments", null, AlertAction.TRIGGER);

    JsonNode w = JSON.readTree(Payloads.webhook(alert, STATUS));

    assertThat(w.path("alert_id").asText()).isEqualTo(alert.getAlertId());
    assertThat(w.path("dedup_key").asText()).isEqualTo("vigil/payments/blocked");
    assertThat(w.path("action").asText()).isEqualTo("TRIGGER");
    assertThat(w.path("severity").asText()).isEqualTo("SEV1");
    assertThat(w.path("service").asText()).isEqualTo("payments");
    assertThat(w.path("site").isNull()).isTrue();
    assertThat(w.path("evidence")).extracting(JsonNode::asText).containsExactly("evt-1", "evt-2");
    assertThat(w.path("details").path("incident").asText()).isEqualTo("inc-1");
    assertThat(w.path("created_at").asText()).isEqualTo("2026-12-04T03:00:00Z");
    assertThat(w.path("status_page").asText()).endsWith("/#/services/payments");
  }

  @Test
  void shouldNeverShowASecretInItsText() {
    assertThat(KEY.toString()).doesNotContain(KEY.reveal()).contains("hidden");
  }
}
