package dev.vigil.streams.ocsf;

import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.runtime.StreamsRunner;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/** The OCSF exporter: {@link OcsfTopology} on a {@link StreamsRunner} (EOS v2). */
public final class OcsfApp implements AutoCloseable {
  private final StreamsRunner runner;

  private OcsfApp(StreamsRunner runner) {
    this.runner = runner;
  }

  /**
   * Settings of the exporter.
   *
   * @param applicationId Kafka Streams application id
   * @param productVersion Vigil's version, for {@code metadata.product.version}
   * @param stateDir Kafka Streams state (the topology has no stores; Streams still needs one)
   * @param overrides extra Streams properties (thread policy, tests)
   */
  public record Settings(
      String applicationId, String productVersion, Path stateDir, Map<String, Object> overrides) {
    public Settings {
      Objects.requireNonNull(applicationId, "applicationId");
      Objects.requireNonNull(productVersion, "productVersion");
      Objects.requireNonNull(stateDir, "stateDir");
      overrides = Map.copyOf(overrides);
    }
  }

  public static OcsfApp start(
      Settings settings,
      Map<String, Object> clientProperties,
      SchemaRegistryClient registry,
      OpenTelemetry otel) {
    // records are mapped one by one: waiting for other partitions buys nothing
    Properties props =
        StreamsRunner.propertiesWithoutTaskIdling(
            settings.applicationId(), clientProperties, settings.stateDir(), settings.overrides());
    return new OcsfApp(
        StreamsRunner.start(
            OcsfTopology.build(
                new OcsfMapper(settings.productVersion()), registry, new OtelOcsfMetrics(otel)),
            props,
            Duration.ofSeconds(120)));
  }

  public StreamsRunner runner() {
    return runner;
  }

  @Override
  public void close() {
    runner.close();
  }
}
