package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The {@code vigil} YAML config (DESIGN §9). Every section is optional; an absent section means its
 * defaults. Unknown keys are errors. Later features add their sections here (sites, services,
 * failover, gates, ingest, redaction, alerts).
 *
 * @param kafka where Kafka is; absent bootstrap means the embedded broker
 * @param registry where the schema registry is; absent url means the embedded registry
 * @param platform settings of the embedded broker and registry
 * @param telemetry metrics and traces
 */
public record VigilConfig(
    KafkaConfig kafka, RegistryConfig registry, PlatformConfig platform, TelemetryConfig telemetry) {

  @JsonCreator
  public VigilConfig(
      @JsonProperty("kafka") KafkaConfig kafka,
      @JsonProperty("registry") RegistryConfig registry,
      @JsonProperty("platform") PlatformConfig platform,
      @JsonProperty("telemetry") TelemetryConfig telemetry) {
    this.kafka = Objects.requireNonNullElseGet(kafka, KafkaConfig::defaults);
    this.registry = Objects.requireNonNullElseGet(registry, RegistryConfig::defaults);
    this.platform = Objects.requireNonNullElseGet(platform, PlatformConfig::defaults);
    this.telemetry = Objects.requireNonNullElseGet(telemetry, TelemetryConfig::defaults);
  }

  /** All defaults: embedded broker and registry on free loopback ports. */
  public static VigilConfig defaults() {
    return new VigilConfig(null, null, null, null);
  }

  /** True when neither Kafka nor the registry is external: {@code vigil run} embeds both. */
  public boolean embedsKafka() {
    return kafka.bootstrapServers().isEmpty();
  }

  public boolean embedsRegistry() {
    return registry.url().isEmpty();
  }
}
