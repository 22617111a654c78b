package dev.vigil.app.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.testkit.EventFixtures;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the correlator (one application id, the input's 3 partitions split between
 * them): every service is answered by either instance's status server — by forwarding to the owner
 * when it holds the service elsewhere — and either instance's list holds every service; a service
 * with an incident shows its recent transitions from whichever instance is asked.
 */
@ExtendWith(VigilPlatformExtension.class)
class StatusForwardingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void shouldAnswerEveryServiceFromEitherInstanceByForwardingToTheOwner(VigilPlatform platform)
      throws Exception {
    SchemaRegistryClient registry = SchemaRegistryClients.create(platform.registryUrl(), Map.of());
    try (Admin admin = Admin.create(platform.adminProperties())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
    String appId = platform.uniqueName("vigil-failover-two");
    String tag = UUID.randomUUID().toString().substring(0, 6);
    List<String> services = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      services.add("svc" + i + "-" + tag);
    }
    String servicesYaml =
        services.stream()
            .map(s -> s + ": {active: primary, standby: dr}")
            .collect(Collectors.joining(", ", "{", "}"));
    VigilConfig config =
        ConfigLoader.parse(
            "c.yaml",
            """
            sites: [primary, dr]
            services: %s
            failover: {applicationId: %s, tickInterval: 1s}
            """
                .formatted(servicesYaml, appId));

    // Given two instances of one correlator, each with its status server
    try (FailoverComponent a =
            FailoverComponent.start(
                PlatformContexts.of(platform, config, dir.resolve("a"), registry));
        FailoverComponent b =
            FailoverComponent.start(
                PlatformContexts.of(platform, config, dir.resolve("b"), registry));
        KafkaProducer<String, byte[]> producer = platform.producer()) {
      // And one probe result per service, so each has a stored state
      Serializer<HealthCheckResult> values =
          TopicSerdes.value(Topics.HEALTH, registry).serializer();
      for (String s : services) {
        producer.send(
            new ProducerRecord<>(
                Topics.HEALTH.name(), s, values.serialize(Topics.HEALTH.name(), probe(s))));
      }
      // And for one of them dr UP and primary DOWN by quorum: an incident with transitions
      String moving = services.get(0);
      Instant t = Instant.now();
      List<HealthCheckResult> script = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (String vantage : List.of("v1", "v2")) {
          t = t.plusMillis(1);
          script.add(probe(moving, "dr", vantage, CheckStatus.PASS, t));
          script.add(probe(moving, "primary", vantage, CheckStatus.FAIL, t));
        }
      }
      for (HealthCheckResult r : script) {
        producer.send(
            new ProducerRecord<>(
                Topics.HEALTH.name(), moving, values.serialize(Topics.HEALTH.name(), r)));
      }
      producer.flush();
      URI statusA = URI.create(a.endpoints().get("status"));
      URI statusB = URI.create(b.endpoints().get("status"));

      // Then every service is answered 200 by both, some of them forwarded to the other instance
      AtomicInteger forwarded = new AtomicInteger();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                forwarded.set(0);
                for (String s : services) {
                  for (URI base : List.of(statusA, statusB)) {
                    HttpResponse<String> r = get(base.resolve("/api/v1/services/" + s));
                    assertThat(r.statusCode()).as(s + " from " + base).isEqualTo(200);
                    assertThat(JSON.readTree(r.body()).path("service").asText()).isEqualTo(s);
                    if (r.headers().firstValue("X-Vigil-Served-By").isPresent()) {
                      forwarded.incrementAndGet();
                    }
                  }
                }
                assertThat(forwarded.get())
                    .as("requests answered by the other instance")
                    .isPositive();
              });
      // And the moving service's recent transitions come from its owner's store, via either
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                for (URI base : List.of(statusA, statusB)) {
                  JsonNode m =
                      JSON.readTree(get(base.resolve("/api/v1/services/" + moving)).body());
                  JsonNode newest = m.path("recent_transitions").path(0);
                  assertThat(newest.path("transition").asText())
                      .as("newest transition of " + moving + " from " + base)
                      .isIn("BLOCKED", "PREPARE");
                  assertThat(newest.path("incident_id").asText())
                      .isEqualTo(m.path("incident_id").asText())
                      .isNotBlank();
                  assertThat(newest.path("from_site").asText()).isEqualTo("primary");
                  assertThat(newest.path("to_site").asText()).isEqualTo("dr");
                }
              });
      // And each instance's list holds every service
      for (URI base : List.of(statusA, statusB)) {
        JsonNode list = JSON.readTree(get(base.resolve("/api/v1/services")).body());
        List<String> names = new ArrayList<>();
        list.path("services").forEach(n -> names.add(n.path("service").asText()));
        assertThat(names).containsAll(services);
        assertThat(list.path("unreachable_instances")).isEmpty();
      }
    }
  }

  private static HealthCheckResult probe(String service) {
    return probe(service, "primary", "v1", CheckStatus.PASS, Instant.now());
  }

  private static HealthCheckResult probe(
      String service, String site, String vantage, CheckStatus status, Instant at) {
    return EventFixtures.probe(service, site, vantage, status, at);
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
