package dev.vigil.app.runtime;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a component gets: the config, the data dir, Kafka client properties, the registry client and
 * the shared OpenTelemetry instance.
 */
public record RuntimeContext(
    VigilConfig config,
    Path dataDir,
    Map<String, Object> kafkaProperties,
    SchemaRegistryClient registry,
    OpenTelemetry openTelemetry) {

  public RuntimeContext {
    kafkaProperties = Map.copyOf(kafkaProperties);
  }
}
