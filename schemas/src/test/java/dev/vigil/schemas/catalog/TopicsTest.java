package dev.vigil.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.HealthCheck;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.ProbeType;
import dev.vigil.schemas.registry.InMemorySchemaRegistry;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicsTest {
  private static final String SCOPE = "topics-test";

  @AfterEach
  void dropRegistry() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void shouldHoldEveryTopicOfDesignSection3WithItsPolicy() {
    Map<String, CleanupPolicy> policies =
        Topics.ALL.stream().collect(Collectors.toMap(Topic::name, Topic::cleanup));
    assertThat(policies)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("vigil.health.raw.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.security.raw.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.posture.raw.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.health.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.security.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.posture.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.quarantine.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.failover.state.v1", CleanupPolicy.COMPACT),
                Map.entry("vigil.failover.triggers.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.alerts.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.audit.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.control.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.rules.v1", CleanupPolicy.COMPACT),
                Map.entry("vigil.ocsf.findings.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.ocsf.activity.v1", CleanupPolicy.DELETE)));
  }

  @Test
  void shouldKeepRawSecurityShortAndReadableByTheRedactorOnly() {
    assertThat(Topics.SECURITY_RAW.retention()).contains(Duration.ofDays(1));
    assertThat(Topics.SECURITY_RAW.readers()).containsExactly(Principal.REDACTOR);
    assertThat(Topics.QUARANTINE.readers()).containsExactly(Principal.SECURITY_ADMIN);
    assertThat(Topics.QUARANTINE.writers())
        .containsExactlyInAnyOrder(Principal.REDACTOR, Principal.CORRELATOR, Principal.EXPORTER);
    assertThat(Topics.SECURITY_RAW.configs())
        .containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", "86400000");
  }

  @Test
  void shouldNeverLetTheCorrelatorReadRawTopics() {
    for (EventKind kind : EventKind.values()) {
      assertThat(Topics.raw(kind).readers()).doesNotContain(Principal.CORRELATOR, Principal.SIEM);
      assertThat(Topics.redacted(kind).readers()).contains(Principal.CORRELATOR, Principal.SIEM);
      assertThat(Topics.redactedOf(Topics.raw(kind))).isEqualTo(Topics.redacted(kind));
    }
  }

  @Test
  void shouldKeepTheAuditChainOnOnePartition() {
    assertThat(Topics.AUDIT.partitions()).isEqualTo(1);
  }

  @Test
  void shouldNameSubjectsByTopicAndExposeSchemasOfAvroTopicsOnly() {
    assertThat(Topics.HEALTH.valueSubject()).isEqualTo("vigil.health.v1-value");
    assertThat(Topics.HEALTH.valueSchema()).contains(HealthCheckResult.getClassSchema());
    assertThat(Topics.RULES.valueSchema()).isEmpty();
    assertThat(Topics.QUARANTINE.valueSchema()).isEmpty();
    assertThat(Topics.ALL.stream().filter(t -> t.valueSchema().isPresent())).hasSize(11);
  }

  @Test
  void shouldRoundTripAValueThroughTheCatalogueSerde() {
    // Given the catalogue serde of the raw health topic on an in-memory registry
    SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + SCOPE, Map.of());
    Serde<HealthCheckResult> serde = Topics.HEALTH_RAW.valueSerde(registry);
    HealthCheckResult event = health();
    // When a value is written and read back
    byte[] bytes = serde.serializer().serialize(Topics.HEALTH_RAW.name(), event);
    HealthCheckResult back = serde.deserializer().deserialize(Topics.HEALTH_RAW.name(), bytes);
    // Then it is Confluent-framed and equal
    assertThat(bytes[0]).isZero();
    assertThat(back).isEqualTo(event);
    assertThat(registry.subjects()).containsExactly("vigil.health.raw.v1-value");
  }

  @Test
  void shouldUsePlainSerdesForTextAndBytes() {
    SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + SCOPE, Map.of());
    assertThat(Topics.RULES.valueSerde(registry).serializer().serialize("t", "ruleset: x"))
        .isEqualTo("ruleset: x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(
            Topics.QUARANTINE.valueSerde(registry).serializer().serialize("t", new byte[] {1, 2}))
        .containsExactly(1, 2);
  }

  @Test
  void shouldLetOnlyTheExporterWriteTheOcsfTopicsAndNeverReadRawTopics() {
    for (Topic<?> ocsf : java.util.List.of(Topics.OCSF_FINDINGS, Topics.OCSF_ACTIVITY)) {
      assertThat(ocsf.format()).isEqualTo(ValueFormat.JSON);
      assertThat(ocsf.writers()).containsExactly(Principal.EXPORTER);
      assertThat(ocsf.readers()).containsExactly(Principal.SIEM);
      assertThat(ocsf.valueSchema()).isEmpty();
    }
    for (EventKind kind : EventKind.values()) {
      assertThat(Topics.raw(kind).readers()).doesNotContain(Principal.EXPORTER);
    }
    assertThat(Topics.SECURITY.readers()).contains(Principal.EXPORTER);
    assertThat(Topics.AUDIT.readers())
        .containsExactlyInAnyOrder(Principal.AUDITOR, Principal.EXPORTER);
    SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + SCOPE, Map.of());
    assertThat(Topics.OCSF_FINDINGS.valueSerde(registry).serializer().serialize("t", "{}"))
        .isEqualTo("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void shouldFindTopicsByName() {
    assertThat(Topics.byName("vigil.alerts.v1")).contains(Topics.ALERTS);
    assertThat(Topics.byName("vigil.nope.v1")).isEmpty();
  }

  @Test
  void shouldRejectACompactedTopicWithATimeRetention() {
    assertThatThrownBy(
            () ->
                new Topic<>(
                    "x",
                    String.class,
                    ValueFormat.TEXT,
                    CleanupPolicy.COMPACT,
                    Optional.of(Duration.ofDays(1)),
                    1,
                    Set.of(),
                    Set.of(),
                    "x"))
        .hasMessageContaining("x: a compacted topic has no time retention");
  }

  private static HealthCheckResult health() {
    return HealthCheckResult.newBuilder()
        .setEventId(UUID.fromString("7f1c7c2e-2b7b-4b8e-9d0a-1c2d3e4f5a6b"))
        .setKind(EventKind.HEALTH)
        .setSite("primary")
        .setService("payments")
        .setSource("probe-1")
        .setObservedAt(Instant.parse("2026-11-27T03:00:00Z"))
        .setCheck(
            HealthCheck.newBuilder()
                .setName("https-root")
                .setProbe(ProbeType.HTTP)
                .setTarget("https://payments.example/health")
                .setVantage("eu-west")
                .setStatus(CheckStatus.FAIL)
                .setLatencyMs(1200L)
                .build())
        .build();
  }
}
