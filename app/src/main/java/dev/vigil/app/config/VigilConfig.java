package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.alerts.AlertsSection;
import dev.vigil.ingest.runtime.IngestSection;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.GatesConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import dev.vigil.streams.failover.topology.FailoverSection;
import dev.vigil.streams.redaction.RedactionSection;
import dev.vigil.streams.runtime.StreamsSection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code vigil} YAML config (docs/design.md §9). Every section is optional; an absent section
 * means its defaults. Unknown keys are errors. Later features add their sections here (sites,
 * services, failover, gates, ingest, redaction, alerts).
 *
 * @param kafka where Kafka is; absent bootstrap means the embedded broker
 * @param registry where the schema registry is; absent url means the embedded registry
 * @param platform settings of the embedded broker and registry
 * @param telemetry metrics and traces
 * @param redaction the redactor
 * @param sites failover: site ids; null when absent
 * @param services failover: services with their active and standby sites; null when absent
 * @param failover failover: stages, dwell times, anti-flap, waivers, and the correlator's
 *     application id and tick; null when absent
 * @param gates failover: posture gate thresholds; null when absent
 * @param ingest the collectors (HTTP ingest API, tailers, syslog, probes, posture checks)
 * @param streams thread replacement and alerting for the Kafka Streams apps
 * @param alerts delivery of alerts to Alertmanager, PagerDuty and webhooks
 * @param topics partitions, replication factor and min ISR of the catalogue topics
 * @param instance this instance's id and site among several sharing the work
 * @param audit the audit chains' keys and checkpoint interval
 */
public record VigilConfig(
    KafkaSection kafka,
    RegistrySection registry,
    PlatformSection platform,
    TelemetrySection telemetry,
    RedactionSection redaction,
    List<String> sites,
    Map<String, ServiceConfig> services,
    FailoverSection failover,
    GatesConfig gates,
    IngestSection ingest,
    StreamsSection streams,
    AlertsSection alerts,
    TopicsSection topics,
    InstanceSection instance,
    AuditSection audit) {

  @JsonCreator
  public VigilConfig(
      @JsonProperty("kafka") KafkaSection kafka,
      @JsonProperty("registry") RegistrySection registry,
      @JsonProperty("platform") PlatformSection platform,
      @JsonProperty("telemetry") TelemetrySection telemetry,
      @JsonProperty("redaction") RedactionSection redaction,
      @JsonProperty("sites") List<String> sites,
      @JsonProperty("services") Map<String, ServiceConfig> services,
      @JsonProperty("failover") FailoverSection failover,
      @JsonProperty("gates") GatesConfig gates,
      @JsonProperty("ingest") IngestSection ingest,
      @JsonProperty("streams") StreamsSection streams,
      @JsonProperty("alerts") AlertsSection alerts,
      @JsonProperty("topics") TopicsSection topics,
      @JsonProperty("instance") InstanceSection instance,
      @JsonProperty("audit") AuditSection audit) {
    this.kafka = Objects.requireNonNullElseGet(kafka, KafkaSection::defaults);
    this.registry = Objects.requireNonNullElseGet(registry, RegistrySection::defaults);
    this.platform = Objects.requireNonNullElseGet(platform, PlatformSection::defaults);
    this.telemetry = Objects.requireNonNullElseGet(telemetry, TelemetrySection::defaults);
    this.redaction = Objects.requireNonNullElseGet(redaction, RedactionSection::defaults);
    this.sites = sites == null ? null : List.copyOf(sites);
    this.services = services == null ? null : Map.copyOf(services);
    this.failover = failover;
    this.gates = gates;
    this.ingest = Objects.requireNonNullElseGet(ingest, IngestSection::defaults);
    this.streams = Objects.requireNonNullElseGet(streams, StreamsSection::defaults);
    this.alerts = Objects.requireNonNullElseGet(alerts, AlertsSection::defaults);
    this.topics = Objects.requireNonNullElseGet(topics, TopicsSection::defaults);
    this.instance = Objects.requireNonNullElseGet(instance, InstanceSection::defaults);
    this.audit = Objects.requireNonNullElseGet(audit, AuditSection::defaults);
    failoverConfig(); // validates at load: config errors stop start-up
    if (failoverConfig().isPresent()
        && failoverSection().applicationId().equals(this.redaction.applicationId())) {
      throw new IllegalArgumentException(
          "failover.applicationId must differ from redaction.applicationId ('"
              + this.redaction.applicationId()
              + "'): two Streams apps must not share a consumer group");
    }
  }

  /** A config without the failover keys (tests and embedders). */
  public VigilConfig(
      KafkaSection kafka,
      RegistrySection registry,
      PlatformSection platform,
      TelemetrySection telemetry,
      RedactionSection redaction) {
    this(
        kafka, registry, platform, telemetry, redaction, null, null, null, null, null, null, null,
        null, null, null);
  }

  /**
   * The failover correlator's config from the top-level {@code sites}, {@code services}, {@code
   * failover} and {@code gates} keys; empty when none of them is given (the correlator is then not
   * started).
   */
  public Optional<FailoverConfig> failoverConfig() {
    if (sites == null && services == null && failover == null && gates == null) {
      return Optional.empty();
    }
    return Optional.of(
        FailoverConfig.of(sites, services, failover == null ? null : failover.policy(), gates));
  }

  /** The {@code failover} key, or its defaults when absent (application id, tick, policy). */
  public FailoverSection failoverSection() {
    return failover == null ? FailoverSection.defaults() : failover;
  }

  /** The same config with another {@code platform} section (command-line overrides). */
  public VigilConfig withPlatform(PlatformSection newPlatform) {
    return new VigilConfig(
        kafka,
        registry,
        newPlatform,
        telemetry,
        redaction,
        sites,
        services,
        failover,
        gates,
        ingest,
        streams,
        alerts,
        topics,
        instance,
        audit);
  }

  /** All defaults: embedded broker and registry on free loopback ports. */
  public static VigilConfig defaults() {
    return new VigilConfig(null, null, null, null, null);
  }

  /** True when neither Kafka nor the registry is external: {@code vigil run} embeds both. */
  public boolean embedsKafka() {
    return kafka.bootstrapServers().isEmpty();
  }

  public boolean embedsRegistry() {
    return registry.url().isEmpty();
  }
}
