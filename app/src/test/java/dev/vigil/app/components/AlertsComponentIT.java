package dev.vigil.app.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.alerts.Secret;
import dev.vigil.alerts.WebhookSignature;
import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code alerts} config key as {@code vigil run} uses it: a webhook destination from YAML, its
 * secret from a file, receives a signed alert published on {@code vigil.alerts.v1}.
 */
@ExtendWith(VigilPlatformExtension.class)
class AlertsComponentIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void shouldDeliverAnAlertToTheWebhookOfTheConfig(VigilPlatform platform) throws Exception {
    SchemaRegistryClient registry = SchemaRegistryClients.create(platform.registryUrl(), Map.of());
    try (Admin admin = Admin.create(platform.adminProperties())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
    List<byte[]> bodies = new CopyOnWriteArrayList<>();
    List<String[]> headers = new CopyOnWriteArrayList<>();
    HttpServer hook =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext(
        "/",
        ex -> {
          bodies.add(ex.getRequestBody().readAllBytes());
          headers.add(
              new String[] {
                ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER)
              });
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hook.start();
    Path secret = Files.writeString(dir.resolve("hook.secret"), "component-secret\n");
    String service = platform.uniqueName("svc");
    // Given the documented alerts section with one webhook
    VigilConfig config =
        ConfigLoader.parse(
            "it.yaml",
            """
            alerts:
              groupId: %s
              destinations:
                - name: soc
                  type: webhook
                  url: http://127.0.0.1:%d/hooks/vigil
                  secretFile: %s
                  services: [%s]
            """
                .formatted(platform.uniqueName("g"), hook.getAddress().getPort(), secret, service));
    try (AlertsComponent component =
            AlertsComponent.start(
                PlatformContexts.of(platform, config, dir.resolve("data"), registry));
        KafkaProducer<String, Alert> producer =
            new KafkaProducer<>(
                // as the correlator, the writer of vigil.alerts.v1
                platform.clientProperties(Principal.CORRELATOR),
                TopicSerdes.key(Topics.ALERTS).serializer(),
                TopicSerdes.value(Topics.ALERTS, registry).serializer())) {
      assertThat(component.dispatcher()).isPresent();

      // When the correlator raises an alert for the service
      Alert alert =
          Alert.newBuilder()
              .setAlertId("alr-component-it")
              .setDedupKey("vigil/" + service + "/hold")
              .setAction(AlertAction.TRIGGER)
              .setSeverity(AlertSeverity.SEV2)
              .setService(service)
              .setSite("site-b")
              .setSummary("failover of " + service + " on hold")
              .setEvidence(new ArrayList<>(List.of("evt-9")))
              .setDetails(Map.of())
              .setCreatedAt(Instant.now())
              .build();
      producer
          .send(new ProducerRecord<>(Topics.ALERTS.name(), alert.getDedupKey(), alert))
          .get(30, TimeUnit.SECONDS);

      // Then the webhook has it, signed with the secret from the file
      await().atMost(Duration.ofSeconds(30)).until(() -> !bodies.isEmpty());
      JsonNode body = JSON.readTree(bodies.get(0));
      assertThat(body.path("dedup_key").asText()).isEqualTo("vigil/" + service + "/hold");
      assertThat(
              WebhookSignature.verify(
                  Secret.of("component-secret"),
                  headers.get(0)[0],
                  headers.get(0)[1],
                  bodies.get(0),
                  Instant.now(),
                  Duration.ofMinutes(5)))
          .isEqualTo(WebhookSignature.Verdict.VALID);
    } finally {
      hook.stop(0);
    }
  }
}
