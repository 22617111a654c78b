package dev.vigil.streams.runtime;

import static dev.vigil.streams.runtime.TestApps.await;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StreamsSupervisor} on a real broker and registry: an app forced into ERROR is alerted SEV1
 * on {@code vigil.alerts.v1}, a stopped app SEV2 only after the grace, and the next process
 * resolves the alert once the app runs again.
 */
@ExtendWith(VigilPlatformExtension.class)
class StreamsSupervisorIT {
  private static final Duration GRACE = Duration.ofSeconds(3);

  @TempDir Path dir;

  @Test
  void shouldAlertWhenAnAppLeftRunningAndResolveWhenItRunsAgain(VigilPlatform platform)
      throws Exception {
    SchemaRegistryClient registry = SchemaRegistryClients.create(platform.registryUrl(), Map.of());
    try (Admin admin = Admin.create(platform.adminProperties())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
    }
    String in = platform.uniqueName("in");
    String out = platform.uniqueName("out");
    platform.createTopics(1, in, out);
    String failing = platform.uniqueName("vigil-test-failing");
    String stopped = platform.uniqueName("vigil-test-stopped");
    Path openAlerts = dir.resolve("open-alerts");
    // the supervisor's self-alerts go to vigil.alerts.v1 as the correlator, as in vigil run
    Map<String, Object> client = platform.clientProperties(Principal.CORRELATOR);
    List<Alert> alerts = new ArrayList<>();

    // Given two supervised apps: one that dies on every record and may not replace its thread,
    // and a healthy one
    StreamsRunner poisoned =
        TestApps.start(
            TestApps.copy(in, out, v -> true),
            failing,
            platform.clientProperties(),
            dir.resolve("s1"),
            new ThreadReplacementPolicy(0, Duration.ofMinutes(1)));
    StreamsRunner healthy =
        TestApps.start(
            TestApps.copy(out, platform.uniqueName("unused"), v -> false),
            stopped,
            platform.clientProperties(),
            dir.resolve("s2"),
            ThreadReplacementPolicy.DEFAULT);
    try (StreamsHealth health = new StreamsHealth(OpenTelemetry.noop());
        KafkaConsumer<String, Alert> consumer = alertConsumer(platform, registry);
        KafkaProducer<String, byte[]> producer = platform.producer()) {
      health.watch(poisoned);
      health.watch(healthy);
      StreamsSupervisor supervisor = supervise(health, openAlerts, client, registry);
      try {
        // When a poison record forces the first app into ERROR
        producer.send(new ProducerRecord<>(in, "k", "boom".getBytes(StandardCharsets.UTF_8)));
        producer.flush();
        await(Duration.ofSeconds(60))
            .until(() -> poisoned.status().state() == KafkaStreams.State.ERROR);

        // Then a SEV1 TRIGGER with its dedup key is on vigil.alerts.v1
        Alert trigger = awaitAlert(consumer, alerts, "vigil/self/streams/" + failing);
        assertThat(trigger.getAction()).isEqualTo(AlertAction.TRIGGER);
        assertThat(trigger.getSeverity()).isEqualTo(AlertSeverity.SEV1);
        assertThat(trigger.getService()).isEqualTo("vigil");
        assertThat(trigger.getDetails())
            .containsEntry("application_id", failing)
            .containsEntry("state", "ERROR");

        // When the healthy app stops (not for ERROR)
        healthy.close();
        Instant left = healthy.status().since();

        // Then a SEV2 TRIGGER follows, not before the grace
        Alert stoppedAlert = awaitAlert(consumer, alerts, "vigil/self/streams/" + stopped);
        assertThat(stoppedAlert.getSeverity()).isEqualTo(AlertSeverity.SEV2);
        assertThat(stoppedAlert.getDetails()).containsEntry("state", "NOT_RUNNING");
        assertThat(Duration.between(left, stoppedAlert.getCreatedAt()))
            .isGreaterThanOrEqualTo(GRACE);
      } finally {
        supervisor.close();
        poisoned.close();
      }
    }
    assertThat(openAlerts).content().contains("vigil/self/streams/" + failing + " SEV1");

    // When the next process runs the failed app again (healthy now) with the open alerts
    alerts.clear();
    try (StreamsRunner again =
            TestApps.start(
                TestApps.copy(in, out, v -> false),
                failing,
                platform.clientProperties(),
                dir.resolve("s3"),
                ThreadReplacementPolicy.DEFAULT);
        StreamsHealth health = new StreamsHealth(OpenTelemetry.noop());
        KafkaConsumer<String, Alert> consumer = alertConsumer(platform, registry)) {
      health.watch(again);
      StreamsSupervisor supervisor = supervise(health, openAlerts, client, registry);
      try {
        // Then the alert is resolved, with its severity
        Alert resolve =
            awaitAlert(consumer, alerts, "vigil/self/streams/" + failing, AlertAction.RESOLVE);
        assertThat(resolve.getSeverity()).isEqualTo(AlertSeverity.SEV1);
      } finally {
        supervisor.close();
      }
    }
    assertThat(openAlerts).content().doesNotContain(failing);
  }

  private static StreamsSupervisor supervise(
      StreamsHealth health,
      Path openAlerts,
      Map<String, Object> client,
      SchemaRegistryClient registry) {
    return StreamsSupervisor.start(
        health,
        new StreamsSupervisor.Settings(GRACE, Duration.ofMillis(200), Optional.of(openAlerts)),
        client,
        registry);
  }

  private static Alert awaitAlert(
      KafkaConsumer<String, Alert> consumer, List<Alert> seen, String key) {
    return awaitAlert(consumer, seen, key, AlertAction.TRIGGER);
  }

  private static Alert awaitAlert(
      KafkaConsumer<String, Alert> consumer, List<Alert> seen, String key, AlertAction action) {
    await(Duration.ofSeconds(30))
        .until(
            () -> {
              for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(200))) {
                assertThat(r.key()).isEqualTo(r.value().getDedupKey());
                seen.add(r.value());
              }
              return seen.stream()
                  .anyMatch(a -> a.getDedupKey().equals(key) && a.getAction() == action);
            });
    return seen.stream()
        .filter(a -> a.getDedupKey().equals(key) && a.getAction() == action)
        .findFirst()
        .orElseThrow();
  }

  private static KafkaConsumer<String, Alert> alertConsumer(
      VigilPlatform platform, SchemaRegistryClient registry) {
    // the dispatcher's user: it reads vigil.alerts.v1
    Map<String, Object> props = platform.clientProperties(Principal.DISPATCHER);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, Alert> c =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            TopicSerdes.value(Topics.ALERTS, registry).deserializer());
    List<TopicPartition> parts = new ArrayList<>();
    c.partitionsFor(Topics.ALERTS.name())
        .forEach(p -> parts.add(new TopicPartition(Topics.ALERTS.name(), p.partition())));
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }
}
