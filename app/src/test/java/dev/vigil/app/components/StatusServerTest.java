package dev.vigil.app.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schemas.avro.FailoverPhase;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.streams.failover.FailoverStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

/** The status API's routes and answers, on a fixed source. */
class StatusServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Instant T = Instant.parse("2026-12-04T03:00:00Z");

  private static FailoverStatus blocked() {
    FailoverState state =
        FailoverState.newBuilder()
            .setService("shop")
            .setActiveSite("primary")
            .setStandbySite("backup")
            .setPhase(FailoverPhase.BLOCKED)
            .setStage(dev.vigil.schemas.avro.TriggerStage.BLOCKED)
            .setStep(0)
            .setTrafficPercent(0)
            .setIncidentId("inc-1")
            .setSiteHealth(Map.of("primary", SiteHealth.DOWN, "backup", SiteHealth.UP))
            .setGates(
                List.of(
                    GateResult.newBuilder()
                        .setGate(GateName.INTRUSION)
                        .setPassed(false)
                        .setWaived(false)
                        .setReason("1 signal(s) at or above HIGH within PT30M")
                        .setEvidenceEventIds(List.of("evt-7"))
                        .build()))
            .setFlapCount(0)
            .setCooldownUntil(null)
            .setUpdatedAt(T)
            .setConfigVersion("cfg-1")
            .build();
    return new FailoverStatus(
        state,
        List.of(
            new FailoverStatus.WaiverView("backup", GateName.DRIFT, T.plusSeconds(600), "alice")),
        List.of("vigil/shop/blocked"),
        "primary",
        "backup");
  }

  @Test
  void shouldServeTheServicesTheOneServiceThePageAnd503WhileRebalancing() throws Exception {
    AtomicBoolean rebalancing = new AtomicBoolean();
    StatusServer.Source source =
        new StatusServer.Source() {
          @Override
          public List<FailoverStatus> all(Instant now) {
            if (rebalancing.get()) {
              throw new InvalidStateStoreException("rebalancing");
            }
            return List.of(blocked());
          }

          @Override
          public Optional<FailoverStatus> one(String service, Instant now) {
            return service.equals("shop") ? Optional.of(blocked()) : Optional.empty();
          }
        };
    try (StatusServer server = StatusServer.start("127.0.0.1", 0, source)) {
      HttpResponse<String> list = get(server.url().resolve("/api/v1/services"));
      assertThat(list.statusCode()).isEqualTo(200);
      JsonNode shop = JSON.readTree(list.body()).path("services").get(0);
      assertThat(shop.path("phase").asText()).isEqualTo("BLOCKED");
      assertThat(shop.path("active_site").asText()).isEqualTo("primary");
      assertThat(shop.path("incident_to").asText()).isEqualTo("backup");
      assertThat(shop.path("gates").get(0).path("gate").asText()).isEqualTo("INTRUSION");
      assertThat(shop.path("gates").get(0).path("passed").asBoolean()).isFalse();
      assertThat(shop.path("gates").get(0).path("evidence").get(0).asText()).isEqualTo("evt-7");
      assertThat(shop.path("waivers").get(0).path("expires_at").asText())
          .isEqualTo("2026-12-04T03:10:00Z");
      assertThat(shop.path("open_alerts").get(0).asText()).isEqualTo("vigil/shop/blocked");

      assertThat(get(server.url().resolve("/api/v1/services/shop")).statusCode()).isEqualTo(200);
      assertThat(get(server.url().resolve("/api/v1/services/nope")).statusCode()).isEqualTo(404);
      HttpResponse<String> page = get(server.url());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("api/v1/services").doesNotContain("http://", "https://");

      rebalancing.set(true);
      assertThat(get(server.url().resolve("/api/v1/services")).statusCode()).isEqualTo(503);
    }
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
