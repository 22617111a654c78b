package dev.vigil.alerts;

import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.testkit.VigilPlatform;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code vigil.alerts.v1} on the test platform: publishes alerts as the correlator does (its own
 * user) and starts dispatchers as the dispatcher's user, with a group of their own and short
 * back-offs.
 */
final class AlertsBus implements AutoCloseable {
  private final VigilPlatform platform;
  private final SchemaRegistryClient registry;
  private final KafkaProducer<String, Alert> producer;

  AlertsBus(VigilPlatform platform) {
    this.platform = platform;
    this.registry = SchemaRegistryClients.create(platform.registryUrl(), Map.of());
    try (Admin admin = Admin.create(platform.adminProperties())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
    this.producer =
        new KafkaProducer<>(
            correlator(platform),
            TopicSerdes.key(Topics.ALERTS).serializer(),
            TopicSerdes.value(Topics.ALERTS, registry).serializer());
  }

  void publish(Alert alert) throws Exception {
    producer
        .send(new ProducerRecord<>(Topics.ALERTS.name(), alert.getDedupKey(), alert))
        .get(30, TimeUnit.SECONDS);
  }

  DispatcherSettings settings(String group, Duration resend, Path parkDir) {
    return new DispatcherSettings(
        group,
        resend,
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        1000,
        Optional.of(java.net.URI.create("http://127.0.0.1:9/status")),
        parkDir);
  }

  AlertDispatcher start(DispatcherSettings settings, List<Destination> destinations) {
    return AlertDispatcher.start(
        settings, destinations, dispatcher(settings.groupId()), registry, OpenTelemetry.noop());
  }

  /** The correlator's own user: the writer of {@code vigil.alerts.v1}. */
  private static Map<String, Object> correlator(VigilPlatform platform) {
    Map<String, Object> props = platform.clientProperties(Principal.CORRELATOR);
    props.put("acks", "all");
    return props;
  }

  /** The dispatcher's own user, with its ACLs for this test's consumer group. */
  private Map<String, Object> dispatcher(String group) {
    Identity defaults = AccessPolicy.defaultIdentity(Principal.DISPATCHER);
    return platform.clientProperties(
        new Identity(
            Principal.DISPATCHER,
            defaults.user(),
            Set.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(group)));
  }

  @Override
  public void close() {
    producer.close();
  }
}
