package dev.vigil.app.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.selfmon.SelfCheck;
import dev.vigil.app.selfmon.SelfHealth;
import dev.vigil.app.selfmon.SelfReading;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.avro.FailoverPhase;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.streams.failover.FailoverStatus;
import dev.vigil.streams.failover.Transition;
import dev.vigil.streams.failover.TransitionLogEntry;
import dev.vigil.streams.runtime.StreamsHealth;
import dev.vigil.streams.runtime.StreamsStatus;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
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
        "backup",
        Map.of("evt-7", T.minusSeconds(90)),
        List.of(
            new TransitionLogEntry(
                T.minusSeconds(30),
                Transition.BLOCKED,
                0,
                0,
                "inc-1",
                "primary",
                "backup",
                "gates fail on backup: INTRUSION (sig \u202Eexe.txt\n)"),
            new TransitionLogEntry(
                T.minusSeconds(3600),
                Transition.SHIFT,
                2,
                50,
                "inc-0",
                "backup",
                "primary",
                "failback to primary")));
  }

  @Test
  void shouldShowRecentTransitionsNewestFirstWithAttackerTextEscaped() throws Exception {
    // Given a service whose log holds a BLOCKED (reason quoting an IDS signature) and an old SHIFT
    try (StatusServer server =
        StatusServer.start("127.0.0.1", 0, holding(List.of(blocked()), new AtomicReference<>()))) {
      // When its status is asked for
      JsonNode shop = JSON.readTree(get(server.url().resolve("/api/v1/services/shop")).body());

      // Then recent_transitions lists both, newest first, every field named
      JsonNode recent = shop.path("recent_transitions");
      assertThat(recent).hasSize(2);
      JsonNode newest = recent.get(0);
      assertThat(newest.path("at").asText()).isEqualTo("2026-12-04T02:59:30Z");
      assertThat(newest.path("age_s").asLong()).isGreaterThanOrEqualTo(30);
      assertThat(newest.path("transition").asText()).isEqualTo("BLOCKED");
      assertThat(newest.path("step").asInt()).isZero();
      assertThat(newest.path("traffic_percent").asInt()).isZero();
      assertThat(newest.path("incident_id").asText()).isEqualTo("inc-1");
      assertThat(newest.path("from_site").asText()).isEqualTo("primary");
      assertThat(newest.path("to_site").asText()).isEqualTo("backup");
      // And the signature's bidi override and newline arrive escaped, not as themselves
      assertThat(newest.path("reason").asText())
          .isEqualTo("gates fail on backup: INTRUSION (sig \\u202Eexe.txt\\u000A)")
          .doesNotContain("\u202E", "\n");
      JsonNode older = recent.get(1);
      assertThat(older.path("transition").asText()).isEqualTo("SHIFT");
      assertThat(older.path("step").asInt()).isEqualTo(2);
      assertThat(older.path("traffic_percent").asInt()).isEqualTo(50);
      assertThat(older.path("from_site").asText()).isEqualTo("backup");
      // And the list carries the same array
      JsonNode listed =
          JSON.readTree(get(server.url().resolve("/api/v1/services")).body())
              .path("services")
              .get(0);
      assertThat(listed.path("recent_transitions")).isEqualTo(recent);
      // And the page has the table for them
      assertThat(get(server.url()).body()).contains("Recent transitions", "recent_transitions");
    }
  }

  @Test
  void shouldAnswerAnEmptyTransitionListForAServiceThatNeverMoved() {
    FailoverStatus quiet = blocked();
    quiet =
        new FailoverStatus(
            quiet.state(),
            quiet.waivers(),
            quiet.openAlerts(),
            quiet.incidentFrom(),
            quiet.incidentTo());

    JsonNode json = StatusServer.json(quiet, T);

    assertThat(json.path("recent_transitions").isArray()).isTrue();
    assertThat(json.path("recent_transitions")).isEmpty();
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
      JsonNode age = shop.path("gates").get(0).path("evidence_age").get(0);
      assertThat(age.path("event_id").asText()).isEqualTo("evt-7");
      assertThat(age.path("observed_at").asText()).isEqualTo("2026-12-04T02:58:30Z");
      assertThat(age.path("age_s").asLong()).isGreaterThanOrEqualTo(90);
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

  /** A source holding {@code held}; every other service is owned by {@code owner} (when set). */
  private static StatusServer.Source holding(
      List<FailoverStatus> held, AtomicReference<String> owner) {
    return new StatusServer.Source() {
      @Override
      public List<FailoverStatus> all(Instant now) {
        return held;
      }

      @Override
      public Optional<FailoverStatus> one(String service, Instant now) {
        return held.stream().filter(s -> s.state().getService().equals(service)).findFirst();
      }

      @Override
      public Optional<String> ownerElsewhere(String service) {
        return one(service, T).isPresent() ? Optional.empty() : Optional.ofNullable(owner.get());
      }

      @Override
      public List<String> peers() {
        return owner.get() == null ? List.of() : List.of(owner.get());
      }
    };
  }

  @Test
  void shouldForwardAServiceToTheInstanceOwningItAndListEveryInstancesServices() throws Exception {
    // Given two instances: B holds "shop", A holds nothing and knows B as the owner and a peer
    AtomicReference<String> toB = new AtomicReference<>();
    try (StatusServer b = StatusServer.start("127.0.0.1", 0, holding(List.of(blocked()), null));
        StatusServer a = StatusServer.start("127.0.0.1", 0, holding(List.of(), toB))) {
      toB.set(b.url().getHost() + ":" + b.url().getPort());

      // When A is asked for shop, Then B's answer comes back, naming B as the one that served it
      HttpResponse<String> shop = get(a.url().resolve("/api/v1/services/shop"));
      assertThat(shop.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(shop.body()).path("phase").asText()).isEqualTo("BLOCKED");
      assertThat(
              JSON.readTree(shop.body())
                  .path("recent_transitions")
                  .get(0)
                  .path("transition")
                  .asText())
          .isEqualTo("BLOCKED");
      assertThat(shop.headers().firstValue(StatusServer.SERVED_BY)).contains(toB.get());

      // And A's list holds B's services
      JsonNode list = JSON.readTree(get(a.url().resolve("/api/v1/services")).body());
      assertThat(list.path("services").get(0).path("service").asText()).isEqualTo("shop");
      assertThat(list.path("unreachable_instances")).isEmpty();

      // And asked locally, A says it does not hold shop
      assertThat(get(a.url().resolve("/api/v1/services/shop?local=1")).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void shouldAnswer502AndListTheInstanceWhenTheOwnerDoesNotAnswer() throws Exception {
    // Given an owner that is gone (a port nobody listens on any more)
    AtomicReference<String> gone = new AtomicReference<>();
    try (StatusServer dead = StatusServer.start("127.0.0.1", 0, holding(List.of(), null))) {
      gone.set("127.0.0.1:" + dead.url().getPort());
    }
    try (StatusServer a = StatusServer.start("127.0.0.1", 0, holding(List.of(), gone))) {
      // Then the service answers 502, the list names the instance it could not reach
      assertThat(get(a.url().resolve("/api/v1/services/shop")).statusCode()).isEqualTo(502);
      JsonNode list = JSON.readTree(get(a.url().resolve("/api/v1/services")).body());
      assertThat(list.path("unreachable_instances").get(0).asText()).isEqualTo(gone.get());
    }
  }

  @Test
  void shouldTurnNotReadyWhileTheBrokerIsUnreachableAndShowEverySelfAlertInTheHealthApi()
      throws Exception {
    // Given a process whose Streams app runs, a lag self-alert and then an unreachable broker
    StreamsHealth streams = new StreamsHealth(OpenTelemetry.noop());
    streams.update(new StreamsStatus("vigil-failover", KafkaStreams.State.RUNNING, T, 0));
    SelfHealth self = new SelfHealth(streams);
    SelfReading lag =
        new SelfReading(
            SelfCheck.CONSUMER_LAG, "vigil-failover", true, "lags 20000", Map.of("lag", "20000"));
    self.update(Map.of(lag.dedupKey(), lag), Map.of(lag.dedupKey(), AlertSeverity.SEV2), T);
    try (StatusServer server =
        StatusServer.start("127.0.0.1", 0, holding(List.of(), null), Optional.of(self))) {
      // Then lag alone leaves it ready, and the health API shows the alert with its summary
      assertThat(get(server.url().resolve("/readyz")).statusCode()).isEqualTo(200);
      JsonNode health = JSON.readTree(get(server.url().resolve("/api/v1/health")).body());
      assertThat(health.path("self_alerts").get(0).path("dedup_key").asText())
          .isEqualTo("vigil/self/lag/vigil-failover");
      assertThat(health.path("self_alerts").get(0).path("summary").asText())
          .isEqualTo("lags 20000");
      assertThat(health.path("self_alerts").get(0).path("blocks_readiness").asBoolean()).isFalse();
      assertThat(health.path("checks").get(0).path("details").path("lag").asText())
          .isEqualTo("20000");

      // When the broker is unreachable, Then /readyz answers 503 and the health API still 200
      SelfReading broker =
          new SelfReading(SelfCheck.BROKER_UNREACHABLE, "", true, "no broker", Map.of());
      self.update(
          Map.of(lag.dedupKey(), lag, broker.dedupKey(), broker),
          Map.of(lag.dedupKey(), AlertSeverity.SEV2, broker.dedupKey(), AlertSeverity.SEV1),
          T);
      HttpResponse<String> readyz = get(server.url().resolve("/readyz"));
      assertThat(readyz.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(readyz.body()).path("status").asText()).isEqualTo("not ready");
      assertThat(get(server.url().resolve("/api/v1/health")).statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
