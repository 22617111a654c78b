package dev.vigil.app.runtime;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.selfmon.SelfHealth;
import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.runtime.StreamsHealth;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a component gets: the config, the data dir, Kafka client properties, the registry client,
 * the shared OpenTelemetry instance, the process's {@link StreamsHealth} (a Streams component
 * registers its apps there; readiness, alerts and the run loop follow them) and its {@link
 * SelfHealth} (collectors register their spools there; readiness and the health API read it).
 */
public record RuntimeContext(
    VigilConfig config,
    Path dataDir,
    Map<String, Object> kafkaProperties,
    SchemaRegistryClient registry,
    OpenTelemetry openTelemetry,
    StreamsHealth streams,
    SelfHealth self,
    Function<String, Map<String, Object>> kafkaPropertiesByUser) {

  public RuntimeContext {
    kafkaProperties = Map.copyOf(kafkaProperties);
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(kafkaPropertiesByUser, "kafkaPropertiesByUser");
  }

  /** A context whose components all connect with {@code kafkaProperties} (one identity). */
  public RuntimeContext(
      VigilConfig config,
      Path dataDir,
      Map<String, Object> kafkaProperties,
      SchemaRegistryClient registry,
      OpenTelemetry openTelemetry,
      StreamsHealth streams,
      SelfHealth self) {
    this(
        config,
        dataDir,
        kafkaProperties,
        registry,
        openTelemetry,
        streams,
        self,
        user -> Map.copyOf(kafkaProperties));
  }

  /** A context whose self-health follows {@code streams} only (tests, embedders). */
  public RuntimeContext(
      VigilConfig config,
      Path dataDir,
      Map<String, Object> kafkaProperties,
      SchemaRegistryClient registry,
      OpenTelemetry openTelemetry,
      StreamsHealth streams) {
    this(
        config,
        dataDir,
        kafkaProperties,
        registry,
        openTelemetry,
        streams,
        new SelfHealth(streams));
  }

  /** A context with a health of its own that nothing else follows (tests, embedders). */
  public RuntimeContext(
      VigilConfig config,
      Path dataDir,
      Map<String, Object> kafkaProperties,
      SchemaRegistryClient registry,
      OpenTelemetry openTelemetry) {
    this(
        config,
        dataDir,
        kafkaProperties,
        registry,
        openTelemetry,
        new StreamsHealth(openTelemetry));
  }

  /** The client properties of the component running as {@code principal}. */
  public Map<String, Object> kafkaProperties(Principal principal) {
    return kafkaPropertiesOf(AccessPolicy.userName(principal));
  }

  /** The client properties of Kafka user {@code user} (e.g. a site's collector). */
  public Map<String, Object> kafkaPropertiesOf(String user) {
    return Map.copyOf(kafkaPropertiesByUser.apply(user));
  }
}
