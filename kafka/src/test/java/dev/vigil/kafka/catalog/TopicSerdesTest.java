package dev.vigil.kafka.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.HealthCheck;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.ProbeType;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.SampleEvents;
import dev.vigil.schemas.registry.InMemorySchemaRegistry;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicSerdesTest {
  private static final String SCOPE = "topic-serdes-test";

  @AfterEach
  void dropRegistry() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void shouldRoundTripAValueThroughTheCatalogueSerde() {
    // Given the catalogue serde of the raw health topic on an in-memory registry
    SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + SCOPE, Map.of());
    Serde<HealthCheckResult> serde = TopicSerdes.value(Topics.HEALTH_RAW, registry);
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
    assertThat(TopicSerdes.value(Topics.RULES, registry).serializer().serialize("t", "ruleset: x"))
        .isEqualTo("ruleset: x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(
            TopicSerdes.value(Topics.QUARANTINE, registry)
                .serializer()
                .serialize("t", new byte[] {1, 2}))
        .containsExactly(1, 2);
  }

  @Test
  void shouldWriteTheOcsfTopicsAsUtf8Json() {
    SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + SCOPE, Map.of());
    assertThat(TopicSerdes.value(Topics.OCSF_FINDINGS, registry).serializer().serialize("t", "{}"))
        .isEqualTo("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static HealthCheckResult health() {
    return SampleEvents.health(
            "payments",
            "primary",
            "probe-1",
            Instant.parse("2026-11-27T03:00:00Z"),
            HealthCheck.newBuilder()
                .setName("https-root")
                .setProbe(ProbeType.HTTP)
                .setTarget("https://payments.example/health")
                .setVantage("eu-west")
                .setStatus(CheckStatus.FAIL)
                .setLatencyMs(1200L)
                .build())
        .setEventId(UUID.fromString("7f1c7c2e-2b7b-4b8e-9d0a-1c2d3e4f5a6b"))
        .build();
  }
}
