package dev.vigil.app.selfmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerts.SelfMonitoringSection;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.runtime.StreamsHealth;
import dev.vigil.testkit.TopicWatch;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SelfMonitor} on a real broker and registry: a consumer group lagging over {@code maxLag}
 * raises {@code vigil/self/lag/<group>} on {@code vigil.alerts.v1}, shown in {@link SelfHealth},
 * and it is resolved once the group has caught up; broker and registry are measured reachable.
 */
@ExtendWith(VigilPlatformExtension.class)
class SelfMonitorIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  @Test
  void shouldAlertOnAGroupLaggingOverTheThresholdAndResolveOnceItCaughtUp(VigilPlatform platform)
      throws Exception {
    SchemaRegistryClient registry = SchemaRegistryClients.create(platform.registryUrl(), Map.of());
    try (Admin admin = Admin.create(platform.adminProperties())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
      // Given a group that committed offset 0 of a topic holding 50 records
      String topic = platform.uniqueName("lagging");
      String group = platform.uniqueName("vigil-test-group");
      platform.createTopics(1, topic);
      try (KafkaProducer<String, byte[]> producer = platform.producer()) {
        for (int i = 0; i < 50; i++) {
          producer.send(new ProducerRecord<>(topic, "k", new byte[] {1}));
        }
      }
      TopicPartition tp = new TopicPartition(topic, 0);
      commit(admin, group, tp, 0);
      SelfHealth health = new SelfHealth(new StreamsHealth(OpenTelemetry.noop()));
      SelfMonitoringSection settings =
          new SelfMonitoringSection(
              Duration.ofMillis(300), Duration.ZERO, 10, 80, 1_000_000, Duration.ofSeconds(5));
      String key = "vigil/self/lag/" + group;

      // When the monitor watches it with maxLag 10
      try (TopicWatch<Alert> alerts = alerts(platform, registry, key);
          SelfMonitor monitor =
              SelfMonitor.start(
                  settings,
                  health,
                  () -> List.of(group),
                  // the admin's, as in vigil run (it reads every group's offsets)
                  platform.clientProperties(),
                  registry,
                  OpenTelemetry.noop(),
                  dataDir.resolve("self-open-alerts"))) {

        // Then a SEV2 TRIGGER names the group and its lag
        Alert trigger =
            alerts.await("lag trigger", a -> a.getAction() == AlertAction.TRIGGER, WAIT);
        assertThat(trigger.getSeverity()).isEqualTo(AlertSeverity.SEV2);
        assertThat(trigger.getDetails())
            .containsEntry("lag", "50")
            .containsEntry("threshold", "10")
            .containsEntry("check", "CONSUMER_LAG");
        // And the health shows it, with broker and registry reachable, still ready
        await()
            .atMost(WAIT)
            .until(() -> health.openAlerts().stream().anyMatch(a -> a.dedupKey().equals(key)));
        assertThat(health.readings().get("vigil/self/broker").bad()).isFalse();
        assertThat(health.readings().get("vigil/self/registry").bad()).isFalse();
        assertThat(health.ready()).isTrue();

        // When the group catches up, Then the alert is resolved
        commit(admin, group, tp, 50);
        Alert resolve =
            alerts.await("lag resolve", a -> a.getAction() == AlertAction.RESOLVE, WAIT);
        assertThat(resolve.getSeverity()).isEqualTo(AlertSeverity.SEV2);
        await().atMost(WAIT).until(() -> health.openAlerts().isEmpty());
      }
    }
  }

  private static void commit(Admin admin, String group, TopicPartition tp, long offset)
      throws Exception {
    admin
        .alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(offset)))
        .all()
        .get(30, TimeUnit.SECONDS);
  }

  private static TopicWatch<Alert> alerts(
      VigilPlatform platform, SchemaRegistryClient registry, String key) {
    Deserializer<Alert> values = TopicSerdes.value(Topics.ALERTS, registry).deserializer();
    return TopicWatch.filtered(
        platform.readCommittedConsumer(Topics.ALERTS.name()),
        r ->
            key.equals(r.key())
                ? Optional.of(values.deserialize(r.topic(), r.value()))
                : Optional.empty());
  }
}
