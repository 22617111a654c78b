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
 * @param redaction the redactor
 * @param ingest the collectors (HTTP ingest API, tailers, syslog, probes, posture checks)
 */
public record VigilConfig(
    KafkaSection kafka,
    RegistrySection registry,
    PlatformSection platform,
    TelemetrySection telemetry,
    RedactionSection redaction,
    IngestSection ingest) {

  @JsonCreator
  public VigilConfig(
      @JsonProperty("kafka") KafkaSection kafka,
      @JsonProperty("registry") RegistrySection registry,
      @JsonProperty("platform") PlatformSection platform,
      @JsonProperty("telemetry") TelemetrySection telemetry,
      @JsonProperty("redaction") RedactionSection redaction,
      @JsonProperty("ingest") IngestSection ingest) {
    this.kafka = Objects.requireNonNullElseGet(kafka, KafkaSection::defaults);
    this.registry = Objects.requireNonNullElseGet(registry, RegistrySection::defaults);
    this.platform = Objects.requireNonNullElseGet(platform, PlatformSection::defaults);
    this.telemetry = Objects.requireNonNullElseGet(telemetry, TelemetrySection::defaults);
    this.redaction = Objects.requireNonNullElseGet(redaction, RedactionSection::defaults);
    this.ingest = Objects.requireNonNullElseGet(ingest, IngestSection::defaults);
  }

  /** All defaults: embedded broker and registry on free loopback ports. */
  public static VigilConfig defaults() {
    return new VigilConfig(null, null, null, null, null, null);
  }

  /** True when neither Kafka nor the registry is external: {@code vigil run} embeds both. */
  public boolean embedsKafka() {
    return kafka.bootstrapServers().isEmpty();
  }

  public boolean embedsRegistry() {
    return registry.url().isEmpty();
  }
}
