package dev.vigil.streams.failover;

import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.TrafficStep;
import dev.vigil.streams.failover.topology.FailoverApp;
import dev.vigil.testkit.TopicWatch;
import dev.vigil.testkit.VigilPlatform;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A real correlator ({@link FailoverApp}, two stream threads, 250 ms tick) on the shared platform,
 * running as the correlator's own principal under a unique application id, with the producer and
 * the output watches its ITs need. Closing it stops the app and closes the clients.
 */
final class CorrelatorRig implements AutoCloseable {
  private final VigilPlatform platform;
  private final SchemaRegistryClient registry;
  private final KafkaProducer<String, byte[]> producer;
  private final FailoverApp app;

  private CorrelatorRig(
      VigilPlatform platform,
      SchemaRegistryClient registry,
      KafkaProducer<String, byte[]> producer,
      FailoverApp app) {
    this.platform = platform;
    this.registry = registry;
    this.producer = producer;
    this.app = app;
  }

  /** A 2 s prepare dwell and two traffic steps (50 %, 100 %) of 2 s each, the rest default. */
  static FailoverPolicy quickSteps() {
    return FailoverPolicy.of(
        "2s",
        List.of(
            TrafficStep.of(50, Duration.ofSeconds(2)), TrafficStep.of(100, Duration.ofSeconds(2))),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Creates the catalogue's topics and schemas where missing (they are shared by every IT). */
  static void bootstrapCatalogue(VigilPlatform platform) throws Exception {
    try (Admin admin = Admin.create(platform.adminProperties());
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
  }

  /** Creates the catalogue's topics and schemas if missing and starts the correlator. */
  static CorrelatorRig start(VigilPlatform platform, FailoverConfig config, Path stateDir)
      throws Exception {
    bootstrapCatalogue(platform);
    SchemaRegistryClient registry = SchemaRegistryClients.create(platform.registryUrl(), Map.of());
    // the correlator's own user, with the ACLs vigil run gives it, under this run's app id
    String applicationId = platform.uniqueName("vigil-failover");
    FailoverApp app =
        FailoverApp.start(
            config,
            new FailoverApp.Settings(
                applicationId,
                Duration.ofMillis(250),
                stateDir,
                Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)),
            platform.streamsClientProperties(Principal.CORRELATOR, applicationId),
            registry,
            OpenTelemetry.noop());
    return new CorrelatorRig(platform, registry, platform.producer(), app);
  }

  SchemaRegistryClient registry() {
    return registry;
  }

  /** Sends {@code event} to {@code topic} under {@code key} (not flushed). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void send(Topic<?> topic, String key, SpecificRecord event) {
    byte[] value =
        TopicSerdes.value((Topic) topic, registry).serializer().serialize(topic.name(), event);
    producer.send(new ProducerRecord<>(topic.name(), key, value));
  }

  void flush() {
    producer.flush();
  }

  /** The committed triggers of {@code services} (other ITs' correlators share the topic). */
  TopicWatch<FailoverTrigger> triggers(Set<String> services) {
    return watch(Topics.FAILOVER_TRIGGERS, services);
  }

  /** The committed state snapshots of {@code services}. */
  TopicWatch<FailoverState> snapshots(Set<String> services) {
    return watch(Topics.FAILOVER_STATE, services);
  }

  private <V> TopicWatch<V> watch(Topic<V> topic, Set<String> services) {
    Deserializer<V> decoder = TopicSerdes.value(topic, registry).deserializer();
    return TopicWatch.filtered(
        platform.readCommittedConsumer(topic.name()),
        r ->
            services.contains(r.key())
                ? Optional.of(decoder.deserialize(r.topic(), r.value()))
                : Optional.empty());
  }

  @Override
  public void close() throws Exception {
    try (registry;
        producer;
        app) {
      // closes the app first, then the producer, then the registry client
    }
  }
}
